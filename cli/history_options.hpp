#pragma once
// Options and loading shared by every command that reads a migrations folder.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "analyzer/history/history.hpp"

namespace sg::cli {

struct HistoryOptions {
  std::string migrations;  // empty: prisma/migrations under the working directory
};

void add_history_options(CLI::App& cmd, HistoryOptions& o);

// The migrations folder the options name.
std::filesystem::path migrations_root(const HistoryOptions& o);

// Loads and parses the folder. Returns nullopt (after printing the reason on stderr) when the folder is
// missing, which is an input error (exit 2) rather than a finding. Without `parse`, `keep_text` false lets
// each migration's text go once it is read and checked when the history is too large to hold them all (see
// load_history).
std::optional<MigrationHistory> load_parsed_history(const HistoryOptions& o, bool parse = true, bool keep_text = true);

}  // namespace sg::cli
