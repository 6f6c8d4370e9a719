// schemagate audit [--migrations DIR] [--format markdown|html] [--output FILE]: the whole history as one
// report (timeline with risk, most dangerous statements, tables by number of changes, final ER diagram).
#include <future>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/audit/audit.hpp"
#include "cli/command.hpp"
#include "cli/config.hpp"
#include "cli/history_options.hpp"
#include "cli/integrity_options.hpp"
#include "cli/lint_setup.hpp"
#include "cli/schema_check.hpp"
#include "reporters/audit_report.hpp"
#include "rules/lint.hpp"
#include "schemagate/version.hpp"

namespace sg::cli {
namespace {

struct AuditArgs {
  HistoryOptions history;
  std::string format = "markdown";
  std::string output;
  std::string fail_on = "never";
  int pg_version = 15;
  bool pg_version_given = false;
  std::string config;
  std::string schema;
  bool no_schema = false;
  std::string prisma_version;
  std::vector<std::string> enable;
  std::vector<std::string> disable;
  size_t top = 10;
};

int run_audit(const AuditArgs& a) {
  ConfigResult cfg = load_config(a.config);
  if (!cfg.error.empty()) return usage_error(cfg.error);
  LintSetup setup = lint_setup(cfg.config, {a.pg_version_given ? std::optional<int>(a.pg_version) : std::nullopt,
                                            a.prisma_version, a.enable, a.disable});
  if (!setup.error.empty()) return usage_error(setup.error);
  // An audit looks at every migration: the config's start_after and exclude only narrow lint's reports.
  std::future<LintSchema> schema_read = start_reading_lint_schema(a.no_schema, a.schema, migrations_root(a.history));
  auto history = load_parsed_history(a.history);
  if (!history) return kExitUsage;

  // The history's own integrity (lock file, folder names, shared timestamps), as lint reports it.
  LintSchema schema = schema_read.get();
  std::vector<Finding> history_checks;
  std::string not_postgres = add_history_checks(*history, schema.provider(), setup.options, history_checks);
  if (!not_postgres.empty()) return usage_error(not_postgres);
  expect_in_background(schema);

  // The schema check rides on lint's replay instead of making its own.
  LintReplayRecording recorded;
  if (schema.path) recorded.attach(setup.options);
  rules::LintResult lint = rules::lint_history(*history, setup.options);
  recorded.finish(lint.final_catalog);
  lint.findings.insert(lint.findings.end(), std::make_move_iterator(history_checks.begin()),
                       std::make_move_iterator(history_checks.end()));
  if (schema.path) {
    std::string error = add_schema_findings(schema, *history, setup.options, lint.findings, &recorded);
    if (!error.empty()) return usage_error(error);
  }
  report::AuditReport r;
  r.audit = audit::build_audit(*history, std::move(lint.findings), setup.options.pg_version);
  r.title = a.history.migrations.empty() ? "prisma/migrations" : a.history.migrations;
  r.tool_version = kVersion;
  r.top = a.top;
  r.rules = integrity_rule_descriptors();  // lint rules and the history checks
  std::string text = a.format == "html" ? report::render_audit_html(r) : report::render_audit_markdown(r);
  if (!write_output(text, a.output)) return kExitUsage;

  if (a.fail_on == "never") return kExitOk;
  Severity threshold = parse_severity(a.fail_on).value_or(Severity::Error);
  for (const Finding& f : r.audit.findings)
    if (f.severity >= threshold) return kExitFindings;
  return kExitOk;
}

const CommandRegistrar kAudit({"audit", 15, [](CLI::App& app, int* exit_code) {
  auto args = std::make_shared<AuditArgs>();
  CLI::App* cmd = app.add_subcommand(
      "audit", "Report on the whole history: timeline with risk, most dangerous statements, most changed tables, ER diagram");
  add_history_options(*cmd, args->history);
  cmd->add_option("--format,-f", args->format, "Report format (html: one self-contained file, no external assets)")
      ->check(CLI::IsMember({"markdown", "html"}))->capture_default_str();
  cmd->add_option("--output,-o", args->output, "Write the report to FILE instead of standard output");
  cmd->add_option("--top", args->top, "How many of the most dangerous statements to list")->capture_default_str();
  cmd->add_option("--fail-on", args->fail_on, "Exit 1 when a finding has this severity or higher")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}))->capture_default_str();
  cmd->add_option("--pg-version", args->pg_version, "PostgreSQL major version of the target database")
      ->check(CLI::Range(11, 17))->capture_default_str()
      ->each([args](const std::string&) { args->pg_version_given = true; });
  cmd->add_option("--schema,-s", args->schema, "schema.prisma or schema folder (default: prisma/schema.prisma next to the migrations)");
  cmd->add_flag("--no-schema", args->no_schema, "Do not compare schema.prisma with the history");
  cmd->add_option("--prisma-version", args->prisma_version, "Prisma version that will run the migrations (e.g. 7, 7.4)");
  cmd->add_option("--config", args->config, "Config file (default: .schemagate.toml found upward)");
  cmd->add_option("--enable", args->enable, "Rules to enable (comma-separated; `all` for every rule)");
  cmd->add_option("--disable", args->disable, "Rules to disable (comma-separated)");
  cmd->callback([args, exit_code] { *exit_code = run_audit(*args); });
}});

}  // namespace
}  // namespace sg::cli
