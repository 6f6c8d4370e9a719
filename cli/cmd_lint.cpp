// schemagate lint [--migrations DIR] [FILES...]: replays the whole history and reports rule findings.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <future>
#include <set>

#include "analyzer/audit/audit.hpp"
#include "analyzer/effects/effects.hpp"
#include "cli/command.hpp"
#include "cli/config.hpp"
#include "cli/git_changes.hpp"
#include "cli/history_options.hpp"
#include "cli/integrity_options.hpp"
#include "cli/schema_check.hpp"
#include "cli/lint_setup.hpp"
#include "reporters/finding_spool.hpp"
#include "rules/lint.hpp"
#include "rules/rule.hpp"

namespace sg::cli {
namespace {

struct LintArgs {
  HistoryOptions history;
  OutputOptions output;
  int pg_version = 15;
  bool pg_version_given = false;
  std::string config;
  std::string schema;
  bool no_schema = false;
  std::string prisma_version;  // "7", "7.4", "wasm:7.10.1"; default: the config's, else any 7.x
  std::vector<std::string> enable;
  std::vector<std::string> disable;
  std::vector<std::string> files;
  std::string since;  // git ref: lint only the migrations changed since it
};

// start_after and exclude (config) narrow which migrations are reported on; the history still replays whole.
void apply_report_window(const Config& cfg, const MigrationHistory& h, rules::LintOptions& opts) {
  if (!cfg.start_after && cfg.exclude.empty()) return;
  std::set<std::string> keep;
  bool started = !cfg.start_after;
  for (const auto& m : h.migrations) {
    bool excluded = std::any_of(cfg.exclude.begin(), cfg.exclude.end(),
                                [&](const std::string& p) { return matches_glob(p, m.name); });
    if (started && !excluded && (!opts.only_migrations || opts.only_migrations->count(m.name))) keep.insert(m.name);
    if (cfg.start_after && m.name == *cfg.start_after) started = true;
  }
  opts.only_migrations = std::move(keep);
}

// The Markdown report draws the tables the linted migrations act on, as they are after the whole history.
void add_touched_tables(const MigrationHistory& h, const std::optional<std::set<std::string>>& only,
                        const catalog::Catalog& final_catalog, report::Report& r) {
  std::set<std::string> linted;
  for (const auto& m : h.migrations)
    if (!only || only->count(m.name)) linted.insert(m.name);
  std::vector<catalog::TableKey> touched = audit::tables_touched(h, linted);
  if (touched.empty()) return;
  for (const auto& [schema, name] : touched) r.touched_tables.push_back(effects::display_name(schema, name));
  r.er_diagram = catalog::to_mermaid(final_catalog, touched);
}

int run_lint(const LintArgs& a) {
  ConfigResult cfg = load_config(a.config);
  if (!cfg.error.empty()) return usage_error(cfg.error);
  RuleSelection selection{a.pg_version_given ? std::optional<int>(a.pg_version) : std::nullopt, a.prisma_version,
                          a.enable, a.disable};
  LintSetup setup = lint_setup(cfg.config, selection);
  if (!setup.error.empty()) return usage_error(setup.error);
  rules::LintOptions& opts = setup.options;

  HistoryOptions hopts = a.history;
  // Files given on the command line (as pre-commit passes them): lint those migrations, replay their history.
  if (!a.files.empty()) {
    std::set<std::string> only;
    for (const auto& f : a.files) {
      std::filesystem::path p = std::filesystem::absolute(f).lexically_normal();
      std::filesystem::path folder = std::filesystem::is_directory(p) ? p : p.parent_path();
      only.insert(folder.filename().string());
      if (hopts.migrations.empty()) hopts.migrations = folder.parent_path().string();
    }
    opts.only_migrations = std::move(only);
  }
  if (!a.since.empty()) {
    if (!a.files.empty()) return usage_error("--since and FILES both choose the migrations to lint; give one");
    GitChanges changed = migrations_changed_since(a.since, hopts.migrations.empty() ? "prisma/migrations" : hopts.migrations);
    if (!changed.error.empty()) return usage_error("--since: " + changed.error);
    opts.only_migrations = std::move(changed.migrations);
  }
  // The Markdown report reads the statements after the replay; every other format lets lint parse each file
  // just ahead of the replay and free it afterwards (memory: a few files' IR, not the whole history's).
  bool keep_parsed = a.output.format == "markdown";
  report::Report r;
  r.command = "lint";
  r.rules = integrity_rule_descriptors();  // lint's own rules and the history checks below
  // Findings are written out (rendered while their file is loaded) as each file is done, so memory holds
  // neither all findings nor the files they point into; each file's text is then read again when it comes up.
  std::unique_ptr<report::FindingSpool> spool = keep_parsed ? nullptr : finding_spool(r, a.output);
  std::future<LintSchema> schema_read = start_reading_lint_schema(a.no_schema, a.schema, migrations_root(hopts));
  auto history = load_parsed_history(hopts, keep_parsed, !spool);
  if (!history) return kExitUsage;
  apply_report_window(cfg.config, *history, opts);
  // The history's own integrity (lock file, folder names, shared timestamps, empty migrations); what
  // load_history found (a folder without migration.sql, stray files at the top) is lint's already.
  LintSchema schema = schema_read.get();
  std::vector<Finding> history_checks;
  std::string not_postgres = add_history_checks(*history, schema.provider(), opts, history_checks);
  if (!not_postgres.empty()) return usage_error(not_postgres);
  expect_in_background(schema);

  if (spool) opts.on_findings = [&](std::vector<Finding>& found) { spool->add_all(found); };

  // The schema check rides on lint's replay instead of making its own.
  LintReplayRecording recorded;
  if (schema.path) recorded.attach(opts);
  rules::LintResult result =
      keep_parsed ? rules::lint_history(*history, opts) : rules::lint_unparsed_history(*history, opts);
  recorded.finish(result.final_catalog);
  result.findings.insert(result.findings.end(), std::make_move_iterator(history_checks.begin()),
                         std::make_move_iterator(history_checks.end()));
  // With a schema, drift between schema.prisma and the history is part of lint (a field with no migration).
  if (schema.path) {
    load_texts(*history);  // its findings point at migration statements
    std::string error = add_schema_findings(schema, *history, opts, result.findings, &recorded);
    if (!error.empty()) return usage_error(error);
  }
  r.migrations = static_cast<uint32_t>(history->migrations.size());
  r.statements = result.statements;
  r.files = r.migrations;
  if (spool) {
    spool->add_all(result.findings);
    return emit_spooled_report(std::move(r), *spool, a.output);
  }
  r.findings = std::move(result.findings);
  if (a.output.format == "markdown") add_touched_tables(*history, opts.only_migrations, result.final_catalog, r);
  return emit_report(std::move(r), a.output);
}

const CommandRegistrar kLint({"lint", 10, [](CLI::App& app, int* exit_code) {
  auto args = std::make_shared<LintArgs>();
  CLI::App* cmd = app.add_subcommand("lint", "Lint a Prisma migration history (replays it to know each table's state)");
  add_history_options(*cmd, args->history);
  add_output_options(*cmd, args->output, {"text", "json", "sarif", "github", "gitlab", "markdown"});
  cmd->add_option("--pg-version", args->pg_version, "PostgreSQL major version of the target database")
      ->check(CLI::Range(11, 17))->capture_default_str()
      ->each([args](const std::string&) { args->pg_version_given = true; });
  cmd->add_option("--schema,-s", args->schema, "schema.prisma or schema folder (default: prisma/schema.prisma next to the migrations)");
  cmd->add_option("--prisma-version", args->prisma_version,
                  "Prisma version that will run the migrations (e.g. 7, 7.4, wasm:7.10.1): how a file is split into transactions");
  cmd->add_flag("--no-schema", args->no_schema, "Do not compare schema.prisma with the history");
  cmd->add_option("--config", args->config, "Config file (default: .schemagate.toml found upward)");
  cmd->add_option("--enable", args->enable, "Rules to enable (comma-separated; `all` for every rule)");
  cmd->add_option("--disable", args->disable, "Rules to disable (comma-separated)");
  cmd->add_option("--since", args->since, "Only report on migrations added or changed since this Git ref (REF...HEAD, plus uncommitted files)");
  cmd->add_option("files", args->files, "Only report on these migration files or folders (the history still replays)");
  cmd->callback([args, exit_code] { *exit_code = run_lint(*args); });
}});

}  // namespace
}  // namespace sg::cli
