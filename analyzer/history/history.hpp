#pragma once
// The migrations folder as Prisma sees it: `<name>/migration.sql` folders sorted by name, the lock file,
// and everything that does not belong there. Reading never stops at a bad file: problems become findings.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/finding.hpp"
#include "analyzer/source.hpp"
#include "analyzer/sql/ir.hpp"

namespace sg {

struct Migration {
  std::string name;                 // folder name, e.g. 20240106120000_init
  std::filesystem::path folder;
  SourcePtr file;                   // migration.sql bytes; null when missing or unreadable
  std::string checksum;             // lowercase hex sha256 of the bytes (empty when unreadable)
  bool readable = false;            // the file was read and is valid UTF-8 without NUL bytes
  sql::ParsedFile parsed;           // filled by parse_history
};

struct LockFile {
  std::filesystem::path path;
  bool present = false;
  std::optional<std::string> provider;
  SourcePtr file;
};

struct MigrationHistory {
  std::filesystem::path root;
  std::vector<Migration> migrations;  // in Prisma's order
  LockFile lock;
  std::vector<Finding> findings;      // input problems: stray files, unreadable files, invalid UTF-8, ...
  bool root_missing = false;
};

// Reads the folder (no parsing). `display_base` makes printed paths relative to the working directory.
MigrationHistory load_history(const std::filesystem::path& root);

// Parses every readable migration with the SQL front end, spreading files over `threads` workers
// (0 = hardware concurrency). Syntax errors become `syntax-error` findings in history.findings.
void parse_history(MigrationHistory& history, unsigned threads = 0);

// The `syntax-error` findings of one parsed migration (what parse_history adds to history.findings).
std::vector<Finding> syntax_error_findings(const Migration& m);

}  // namespace sg
