// schemagate status --database-url URL: the migrations folder against the database's _prisma_migrations.
#include <chrono>
#include <filesystem>
#include <iostream>

#include "analyzer/integrity/rule_ids.hpp"
#include "analyzer/live/live_checks.hpp"
#include "cli/command.hpp"
#include "cli/history_options.hpp"

namespace sg::cli {
namespace {

struct StatusArgs {
  HistoryOptions history;
  OutputOptions output;
  std::string database_url;
  int statement_timeout_s = 30;
};

int run_status(const StatusArgs& a) {
  auto url_text = live::database_url_from(a.database_url);
  if (!url_text) return usage_error("no database: pass --database-url or set DATABASE_URL");
  std::filesystem::path root = a.history.migrations.empty() ? std::filesystem::path("prisma/migrations")
                                                            : std::filesystem::path(a.history.migrations);
  MigrationHistory h = load_history(root);
  if (h.root_missing) return usage_error(root.generic_string() + ": the migrations folder does not exist (pass --migrations DIR)");

  live::DatabaseUrl url = live::parse_database_url(*url_text);
  live::StatusRun run;
  try {
    live::Session session = live::Session::open(url, {.statement_timeout = std::chrono::seconds(a.statement_timeout_s)});
    run = live::run_status(h, session);
  } catch (const live::LiveError& e) {
    return usage_error(e.what());
  }
  if (a.output.format == "text" && (a.output.output.empty() || a.output.output == "-"))
    std::cout << live::render_status_summary(run.report, url.redacted) << std::flush;

  report::Report r;
  r.command = "status";
  r.findings = std::move(run.report.findings);
  r.migrations = static_cast<uint32_t>(h.migrations.size());
  r.rules = rule_descriptors();
  const auto& gate_rules = integrity::gate_rule_descriptors();
  r.rules.insert(r.rules.end(), gate_rules.begin(), gate_rules.end());
  return emit_report(std::move(r), a.output);
}

const CommandRegistrar kStatus({"status", 62, [](CLI::App& app, int* exit_code) {
  auto args = std::make_shared<StatusArgs>();
  CLI::App* cmd = app.add_subcommand(
      "status", "Compare the migrations folder with the database's _prisma_migrations (read-only)");
  add_history_options(*cmd, args->history);
  add_output_options(*cmd, args->output);
  cmd->add_option("--database-url", args->database_url, "PostgreSQL URL (default: $DATABASE_URL); ?schema= is honoured");
  cmd->add_option("--statement-timeout", args->statement_timeout_s, "Seconds before any query is cancelled")
      ->check(CLI::Range(1, 3600))->capture_default_str();
  cmd->callback([args, exit_code] { *exit_code = run_status(*args); });
}});

}  // namespace
}  // namespace sg::cli
