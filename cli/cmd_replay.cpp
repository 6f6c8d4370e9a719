// schemagate replay [--migrations DIR] [--until NAME] --format json|sql|mermaid: the catalog PostgreSQL
// would hold after the history (catalog/1 JSON, clean DDL, or an ER diagram).
#include <iostream>

#include "analyzer/catalog/printers.hpp"
#include "analyzer/replay/replay.hpp"
#include "cli/command.hpp"
#include "cli/history_options.hpp"

namespace sg::cli {
namespace {

struct ReplayArgs {
  HistoryOptions history;
  std::string until;
  std::string format = "json";
  std::string output;
  bool show_findings = true;
};

int run_replay(const ReplayArgs& a) {
  auto history = load_parsed_history(a.history);
  if (!history) return kExitUsage;
  if (!a.until.empty()) {
    bool known = false;
    for (const auto& m : history->migrations) known = known || m.name == a.until;
    if (!known) return usage_error("--until: no migration named `" + a.until + "`");
  }
  replay::HistoryReplay result = replay::replay_history(*history, a.until);
  std::string text;
  if (a.format == "sql") text = catalog::to_sql(result.catalog);
  else if (a.format == "mermaid") text = catalog::to_mermaid(result.catalog);
  else text = catalog::to_json(result.catalog);
  if (!write_output(text, a.output)) return kExitUsage;
  // Replay errors predict a failing deploy: say so on stderr so the printed catalog stays clean.
  int errors = 0;
  for (const auto& f : result.findings) {
    if (f.severity != Severity::Error) continue;
    ++errors;
    std::cerr << f.location.path << ":" << f.location.range.start.line << ":" << f.location.range.start.column
              << ": " << to_string(f.severity) << "[" << f.rule << "] " << f.message << "\n";
  }
  return errors > 0 ? kExitFindings : kExitOk;
}

const CommandRegistrar kReplay({"replay", 20, [](CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App* cmd = app.add_subcommand("replay", "Print the schema the migration history builds, as PostgreSQL would");
  add_history_options(*cmd, args->history);
  cmd->add_option("--until", args->until, "Stop after this migration (folder name)");
  cmd->add_option("--format,-f", args->format, "json (catalog/1), sql or mermaid")
      ->check(CLI::IsMember({"json", "sql", "mermaid"}))->capture_default_str();
  cmd->add_option("--output,-o", args->output, "Write to FILE instead of standard output");
  cmd->callback([args, exit_code] { *exit_code = run_replay(*args); });
}});

}  // namespace
}  // namespace sg::cli
