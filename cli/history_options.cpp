#include "cli/history_options.hpp"

#include <iostream>

namespace sg::cli {

void add_history_options(CLI::App& cmd, HistoryOptions& o) {
  cmd.add_option("--migrations,-m", o.migrations, "Prisma migrations folder (default: prisma/migrations)");
}

std::filesystem::path migrations_root(const HistoryOptions& o) {
  return o.migrations.empty() ? std::filesystem::path("prisma/migrations") : std::filesystem::path(o.migrations);
}

std::optional<MigrationHistory> load_parsed_history(const HistoryOptions& o, bool parse, bool keep_text) {
  std::filesystem::path root = migrations_root(o);
  MigrationHistory h = load_history(root, parse || keep_text ? kKeepAllText : kKeepTextOfSmallHistory);
  if (h.root_missing) {
    std::cerr << "schemagate: error: " << root.generic_string() << ": "
              << (h.findings.empty() ? "not a folder" : h.findings.front().message)
              << " (run from the project root or pass --migrations DIR)\n";
    return std::nullopt;
  }
  if (parse) parse_history(h);
  return h;
}

}  // namespace sg::cli
