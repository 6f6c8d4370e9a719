// schemagate sum [--migrations DIR]: records the history in <migrations>/schemagate.sum for `verify`.
#include <filesystem>
#include <iostream>

#include "analyzer/integrity/sum_file.hpp"
#include "cli/command.hpp"
#include "cli/history_options.hpp"

namespace sg::cli {
namespace {

int run_sum(const HistoryOptions& o) {
  std::filesystem::path root = o.migrations.empty() ? std::filesystem::path("prisma/migrations") : std::filesystem::path(o.migrations);
  MigrationHistory h = load_history(root);
  if (h.root_missing) return usage_error(root.generic_string() + ": the migrations folder does not exist (pass --migrations DIR)");
  auto entries = integrity::sum_entries(h);
  std::filesystem::path out = root / std::string(integrity::kSumFileName);
  if (!write_output(integrity::render_sum_file(entries), out.string())) return kExitUsage;
  std::cout << "wrote " << out.generic_string() << " (" << entries.size() << " migrations)\n";
  return kExitOk;
}

const CommandRegistrar kSum({"sum", 60, [](CLI::App& app, int* exit_code) {
  auto args = std::make_shared<HistoryOptions>();
  CLI::App* cmd = app.add_subcommand("sum", "Record the migration history in schemagate.sum (checked by `verify`)");
  add_history_options(*cmd, *args);
  cmd->callback([args, exit_code] { *exit_code = run_sum(*args); });
}});

}  // namespace
}  // namespace sg::cli
