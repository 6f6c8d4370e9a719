// schemagate verify [--migrations DIR] [--since REF]: the history only grows at its end, and is well formed.
#include <filesystem>
#include <iostream>

#include "analyzer/integrity/rule_ids.hpp"
#include "analyzer/integrity/static_checks.hpp"
#include "analyzer/prisma/schema.hpp"
#include "cli/command.hpp"
#include "cli/history_options.hpp"

namespace sg::cli {
namespace {

struct VerifyArgs {
  HistoryOptions history;
  OutputOptions output;
  std::string since;
  std::string schema;    // schema.prisma (or folder), for the lock file's provider check
  std::string provider;  // or the datasource provider directly
};

int run_verify(const VerifyArgs& a) {
  std::filesystem::path root = a.history.migrations.empty() ? std::filesystem::path("prisma/migrations")
                                                            : std::filesystem::path(a.history.migrations);
  MigrationHistory h = load_history(root);
  if (h.root_missing) return usage_error(root.generic_string() + ": the migrations folder does not exist (pass --migrations DIR)");
  integrity::StaticCheckOptions opts;
  if (!a.since.empty()) opts.since = a.since;
  if (!a.provider.empty()) opts.schema_provider = a.provider;
  if (!a.schema.empty()) {
    prisma::ParseResult schema = prisma::parse_schema_path(a.schema);
    if (const auto* ds = schema.schema.datasource(); ds && !ds->provider.empty()) opts.schema_provider = ds->provider;
  }
  integrity::StaticCheckOutcome out = integrity::run_static_checks(h, opts);
  if (!out.fatal_error.empty()) return usage_error(out.fatal_error);

  report::Report r;
  r.command = "verify";
  r.findings = std::move(out.findings);
  r.migrations = static_cast<uint32_t>(h.migrations.size());
  r.files = r.migrations;
  r.rules = rule_descriptors();
  const auto& gate_rules = integrity::gate_rule_descriptors();
  r.rules.insert(r.rules.end(), gate_rules.begin(), gate_rules.end());
  return emit_report(std::move(r), a.output);
}

const CommandRegistrar kVerify({"verify", 61, [](CLI::App& app, int* exit_code) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand(
      "verify", "Check the history against schemagate.sum (or a Git revision): no edited, removed or out-of-order migrations");
  add_history_options(*cmd, args->history);
  add_output_options(*cmd, args->output);
  cmd->add_option("--since", args->since, "Compare with the migrations folder at this Git revision instead of schemagate.sum");
  cmd->add_option("--schema", args->schema, "schema.prisma (file or folder): check migration_lock.toml against its provider");
  cmd->add_option("--provider", args->provider, "The datasource provider, when not reading --schema");
  cmd->callback([args, exit_code] { *exit_code = run_verify(*args); });
}});

}  // namespace
}  // namespace sg::cli
