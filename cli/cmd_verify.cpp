// schemagate verify [--migrations DIR] [--since REF]: the history only grows at its end, and is well formed.
#include <filesystem>
#include <iostream>

#include "analyzer/integrity/static_checks.hpp"
#include "cli/command.hpp"
#include "cli/history_options.hpp"
#include "cli/integrity_options.hpp"

namespace sg::cli {
namespace {

struct VerifyArgs {
  HistoryOptions history;
  OutputOptions output;
  IntegrityArgs integrity;
};

int run_verify(const VerifyArgs& a) {
  std::filesystem::path root = a.history.migrations.empty() ? std::filesystem::path("prisma/migrations")
                                                            : std::filesystem::path(a.history.migrations);
  MigrationHistory h = load_history(root);
  if (h.root_missing) return usage_error(root.generic_string() + ": the migrations folder does not exist (pass --migrations DIR)");
  integrity::StaticCheckOutcome out = integrity::run_static_checks(h, static_check_options(a.integrity));
  if (!out.fatal_error.empty()) return usage_error(out.fatal_error);

  report::Report r;
  r.command = "verify";
  r.findings = std::move(out.findings);
  r.migrations = static_cast<uint32_t>(h.migrations.size());
  r.files = r.migrations;
  r.rules = integrity_rule_descriptors();
  return emit_report(std::move(r), a.output);
}

const CommandRegistrar kVerify({"verify", 61, [](CLI::App& app, int* exit_code) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "Check the history against schemagate.sum (or a Git revision): no edited, removed or out-of-order migrations");
  add_history_options(*cmd, args->history);
  add_output_options(*cmd, args->output);
  add_integrity_options(*cmd, args->integrity,
                        "Compare with the migrations folder at this Git revision instead of schemagate.sum");
  cmd->callback([args, exit_code] { *exit_code = run_verify(*args); });
}});

}  // namespace
}  // namespace sg::cli
