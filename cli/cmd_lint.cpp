// schemagate lint [--migrations DIR] [FILES...]: replays the whole history and reports rule findings.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include "analyzer/effects/transaction.hpp"
#include "cli/command.hpp"
#include "cli/config.hpp"
#include "cli/git_changes.hpp"
#include "cli/history_options.hpp"
#include "cli/schema_check.hpp"
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

// Splits "a,b" lists given once or repeated.
std::vector<std::string> split_ids(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& s : in) {
    size_t pos = 0;
    while (pos <= s.size()) {
      size_t c = s.find(',', pos);
      std::string id = s.substr(pos, c == std::string::npos ? std::string::npos : c - pos);
      if (!id.empty()) out.push_back(id);
      if (c == std::string::npos) break;
      pos = c + 1;
    }
  }
  return out;
}

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

int run_lint(const LintArgs& a) {
  ConfigResult cfg = load_config(a.config);
  if (!cfg.error.empty()) return usage_error(cfg.error);
  rules::LintOptions opts;
  opts.pg_version = a.pg_version_given ? a.pg_version : cfg.config.pg_version.value_or(a.pg_version);
  opts.enabled = rules::default_enabled_rules();
  std::string prisma_text = !a.prisma_version.empty() ? a.prisma_version : cfg.config.prisma_version.value_or("");
  if (!prisma_text.empty()) {
    auto v = effects::PrismaVersion::parse(prisma_text);
    if (!v) return usage_error("--prisma-version: `" + prisma_text + "` is not a Prisma version such as 7, 7.4 or wasm:7.10.1");
    opts.prisma_version = *v;
  }
  // Precedence: defaults < config file < command line.
  for (const auto& [id, setting] : cfg.config.rules) {
    if (setting.severity) opts.severity_overrides[id] = *setting.severity;
    if (!rules::find_rule(id)) continue;  // pipeline rules are always on; only their severity can change
    if (setting.enabled) opts.enabled.insert(id);
    else opts.enabled.erase(id);
  }
  for (const auto& id : split_ids(a.enable)) {
    if (id == "all") {
      for (const auto& r : rules::all_rules()) opts.enabled.emplace(r.id);
      continue;
    }
    if (!rules::find_rule(id)) return usage_error("unknown rule `" + id + "` in --enable (see `schemagate rules`)");
    opts.enabled.insert(id);
  }
  for (const auto& id : split_ids(a.disable)) {
    if (id == "all") { opts.enabled.clear(); continue; }
    if (!rules::find_rule(id)) return usage_error("unknown rule `" + id + "` in --disable (see `schemagate rules`)");
    opts.enabled.erase(id);
  }

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
  auto history = load_parsed_history(hopts);
  if (!history) return kExitUsage;
  apply_report_window(cfg.config, *history, opts);

  rules::LintResult result = rules::lint_history(*history, opts);
  // With a schema, drift between schema.prisma and the history is part of lint (a field with no migration).
  if (!a.no_schema) {
    if (auto schema = locate_schema(a.schema, *history)) {
      if (!std::filesystem::exists(*schema)) return usage_error(schema->generic_string() + ": schema not found");
      SchemaCheck sc = check_schema_against_history(*schema, *history);
      for (auto& f : sc.findings) {
        auto ov = opts.severity_overrides.find(f.rule);
        if (ov != opts.severity_overrides.end()) f.severity = ov->second;
        result.findings.push_back(std::move(f));
      }
    }
  }
  report::Report r;
  r.command = "lint";
  r.findings = std::move(result.findings);
  r.migrations = static_cast<uint32_t>(history->migrations.size());
  r.statements = result.statements;
  r.files = r.migrations;
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
