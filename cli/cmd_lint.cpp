// schemagate lint [--migrations DIR] [FILES...]: replays the whole history and reports rule findings.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include "cli/command.hpp"
#include "cli/history_options.hpp"
#include "rules/lint.hpp"
#include "rules/rule.hpp"

namespace sg::cli {
namespace {

struct LintArgs {
  HistoryOptions history;
  OutputOptions output;
  int pg_version = 15;
  std::vector<std::string> enable;
  std::vector<std::string> disable;
  std::vector<std::string> files;
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

int run_lint(const LintArgs& a) {
  rules::LintOptions opts;
  opts.pg_version = a.pg_version;
  opts.enabled = rules::default_enabled_rules();
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
  auto history = load_parsed_history(hopts);
  if (!history) return kExitUsage;

  rules::LintResult result = rules::lint_history(*history, opts);
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
  add_output_options(*cmd, args->output);
  cmd->add_option("--pg-version", args->pg_version, "PostgreSQL major version of the target database")
      ->check(CLI::Range(11, 17))->capture_default_str();
  cmd->add_option("--enable", args->enable, "Rules to enable (comma-separated; `all` for every rule)");
  cmd->add_option("--disable", args->disable, "Rules to disable (comma-separated)");
  cmd->add_option("files", args->files, "Only report on these migration files or folders (the history still replays)");
  cmd->callback([args, exit_code] { *exit_code = run_lint(*args); });
}});

}  // namespace
}  // namespace sg::cli
