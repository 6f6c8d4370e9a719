// schemagate drift --database-url URL: changes made to the database outside the migration history.
// The live-database comparison is one source of findings; a schema.prisma comparison can be added beside it.
#include <chrono>
#include <filesystem>
#include <iostream>

#include "analyzer/integrity/rule_ids.hpp"
#include "analyzer/live/live_checks.hpp"
#include "cli/command.hpp"
#include "cli/history_options.hpp"
#include "cli/schema_check.hpp"

namespace sg::cli {
namespace {

struct DriftArgs {
  HistoryOptions history;
  OutputOptions output;
  std::string database_url;
  int statement_timeout_s = 30;
  std::string write_live;      // catalog/1 JSON of the live database
  std::string write_expected;  // catalog/1 JSON of the replayed history
  std::string schema;          // schema.prisma (file or folder)
  int prisma_version = 7;
};

// Live database vs the migrations it says are applied. Returns nullopt after printing the reason (exit 2).
std::optional<live::DriftRun> live_drift(const DriftArgs& a, const MigrationHistory& h, std::string& database) {
  auto url_text = live::database_url_from(a.database_url);
  if (!url_text) { usage_error("no database: pass --database-url or set DATABASE_URL"); return std::nullopt; }
  live::DatabaseUrl url = live::parse_database_url(*url_text);
  database = url.redacted;
  try {
    live::Session session = live::Session::open(url, {.statement_timeout = std::chrono::seconds(a.statement_timeout_s)});
    return live::run_drift(h, session);
  } catch (const live::LiveError& e) {
    usage_error(e.what());
    return std::nullopt;
  }
}

int run_drift(const DriftArgs& a) {
  auto h = load_parsed_history(a.history);
  if (!h) return kExitUsage;
  bool have_database = live::database_url_from(a.database_url).has_value();
  auto schema = locate_schema(a.schema, *h);
  if (!a.schema.empty() && !std::filesystem::exists(*schema))
    return usage_error(a.schema + ": schema not found");
  if (!have_database && !schema)
    return usage_error("nothing to compare: pass --database-url (or set DATABASE_URL) and/or --schema "
                       "(default prisma/schema.prisma next to the migrations folder)");
  report::Report r;
  r.command = "drift";
  r.migrations = static_cast<uint32_t>(h->migrations.size());
  r.rules = rule_descriptors();
  const auto& gate_rules = integrity::gate_rule_descriptors();
  r.rules.insert(r.rules.end(), gate_rules.begin(), gate_rules.end());
  bool text_to_stdout = a.output.format == "text" && (a.output.output.empty() || a.output.output == "-");

  if (schema) {
    SchemaCheck sc = check_schema_against_history(*schema, *h, a.prisma_version);
    if (text_to_stdout)
      std::cout << "Schema " << schema->generic_string() << "\n  " << sc.differences
                << " difference(s) between schema.prisma and the migration history\n\n" << std::flush;
    for (auto& f : sc.findings) r.findings.push_back(std::move(f));
  }
  if (have_database) {
    std::string database;
    auto run = live_drift(a, *h, database);
    if (!run) return kExitUsage;
    if (!a.write_live.empty() && !write_output(catalog::to_json(run->live), a.write_live)) return kExitUsage;
    if (!a.write_expected.empty() && !write_output(catalog::to_json(run->outcome.expected), a.write_expected)) return kExitUsage;
    if (text_to_stdout) {
      std::cout << "Database " << database << "\n  replayed " << run->outcome.replayed
                << " applied migrations; " << run->outcome.differences.size() << " difference(s) with the database"
                << (run->table_missing ? " (no _prisma_migrations: expected an empty schema)" : "") << "\n\n"
                << std::flush;
    }
    for (auto& f : run->outcome.findings) r.findings.push_back(std::move(f));
    r.migrations = static_cast<uint32_t>(run->outcome.replayed);
  }
  return emit_report(std::move(r), a.output);
}

const CommandRegistrar kDrift({"drift", 63, [](CLI::App& app, int* exit_code) {
  auto args = std::make_shared<DriftArgs>();
  CLI::App* cmd = app.add_subcommand(
      "drift", "Compare the migration history with schema.prisma (offline) and/or a live database (read-only)");
  add_history_options(*cmd, args->history);
  add_output_options(*cmd, args->output);
  cmd->add_option("--database-url", args->database_url, "PostgreSQL URL (default: $DATABASE_URL); ?schema= is honoured");
  cmd->add_option("--statement-timeout", args->statement_timeout_s, "Seconds before any query is cancelled")
      ->check(CLI::Range(1, 3600))->capture_default_str();
  cmd->add_option("--write-live", args->write_live, "Also write the live catalog (catalog/1 JSON) to FILE");
  cmd->add_option("--write-expected", args->write_expected, "Also write the replayed catalog (catalog/1 JSON) to FILE");
  cmd->add_option("--schema,-s", args->schema, "schema.prisma or schema folder to compare with the history (default: prisma/schema.prisma)");
  cmd->add_option("--prisma-version", args->prisma_version, "Prisma major version whose behaviour to model")
      ->check(CLI::IsMember({5, 6, 7}))->capture_default_str();
  cmd->callback([args, exit_code] { *exit_code = run_drift(*args); });
}});

}  // namespace
}  // namespace sg::cli
