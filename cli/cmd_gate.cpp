// schemagate gate --database-url URL: the pre-deploy step. verify (when there is something recorded to verify
// against), status and drift in one read-only run; exit 1 when any of them reports a finding at --fail-on.
#include <chrono>
#include <filesystem>
#include <iostream>

#include "analyzer/integrity/static_checks.hpp"
#include "analyzer/integrity/sum_file.hpp"
#include "analyzer/live/live_checks.hpp"
#include "cli/command.hpp"
#include "cli/history_options.hpp"
#include "cli/integrity_options.hpp"

namespace sg::cli {
namespace {

struct GateArgs {
  HistoryOptions history;
  OutputOptions output;
  std::string database_url;
  int statement_timeout_s = 30;
  IntegrityArgs integrity;
};

int run_gate(const GateArgs& a) {
  auto url_text = live::database_url_from(a.database_url);
  if (!url_text) return usage_error("no database: pass --database-url or set DATABASE_URL");
  auto h = load_parsed_history(a.history);
  if (!h) return kExitUsage;

  integrity::StaticCheckOptions opts = static_check_options(a.integrity);
  std::error_code ec;
  opts.compare_recorded = opts.since || std::filesystem::exists(h->root / std::string(integrity::kSumFileName), ec);
  integrity::StaticCheckOutcome checks = integrity::run_static_checks(*h, opts);
  if (!checks.fatal_error.empty()) return usage_error(checks.fatal_error);

  live::DatabaseUrl url = live::parse_database_url(*url_text);
  live::StatusRun status;
  live::DriftRun drift;
  try {
    live::Session session = live::Session::open(url, {.statement_timeout = std::chrono::seconds(a.statement_timeout_s)});
    status = live::run_status(*h, session);
    drift = live::run_drift(*h, session);
  } catch (const live::LiveError& e) {
    return usage_error(e.what());
  }
  if (a.output.format == "text" && (a.output.output.empty() || a.output.output == "-")) {
    std::cout << (opts.compare_recorded ? "verify: compared with " + (opts.since ? "Git revision " + *opts.since
                                                                                   : std::string(integrity::kSumFileName))
                                        : std::string("verify: no schemagate.sum and no --since: history not compared"))
              << "\n"
              << live::render_status_summary(status.report, url.redacted) << "drift: replayed "
              << drift.outcome.replayed << " applied migrations; " << drift.outcome.differences.size()
              << " difference(s)\n\n"
              << std::flush;
  }
  report::Report r;
  r.command = "gate";
  r.findings = std::move(checks.findings);
  auto append = [&r](std::vector<Finding>& v) {
    r.findings.insert(r.findings.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
  };
  append(status.report.findings);
  append(drift.outcome.findings);
  r.migrations = static_cast<uint32_t>(h->migrations.size());
  r.files = r.migrations;
  r.rules = integrity_rule_descriptors();
  return emit_report(std::move(r), a.output);
}

const CommandRegistrar kGate({"gate", 64, [](CLI::App& app, int* exit_code) {
  auto args = std::make_shared<GateArgs>();
  CLI::App* cmd = app.add_subcommand("gate", "Pre-deploy gate: verify + status + drift against the database (read-only)");
  add_history_options(*cmd, args->history);
  add_output_options(*cmd, args->output);
  cmd->add_option("--database-url", args->database_url, "PostgreSQL URL (default: $DATABASE_URL); ?schema= is honoured");
  cmd->add_option("--statement-timeout", args->statement_timeout_s, "Seconds before any query is cancelled")
      ->check(CLI::Range(1, 3600))->capture_default_str();
  add_integrity_options(*cmd, args->integrity, "Verify against the migrations folder at this Git revision");
  cmd->callback([args, exit_code] { *exit_code = run_gate(*args); });
}});

}  // namespace
}  // namespace sg::cli
