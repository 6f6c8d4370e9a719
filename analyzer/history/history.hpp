#pragma once
// The migrations folder as Prisma sees it: `<name>/migration.sql` folders sorted by name, the lock file,
// and everything that does not belong there. Reading never stops at a bad file: problems become findings.
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/finding.hpp"
#include "analyzer/source.hpp"
#include "analyzer/sql/ir.hpp"

namespace sg {

struct Migration {
  std::string name;                 // folder name, e.g. 20240106120000_init
  std::filesystem::path folder;
  std::string path;                 // migration.sql as reports show it (display_path, worked out once)
  std::vector<std::string> other_files;  // the folder's other files, which Prisma never runs
  SourcePtr file;                   // migration.sql bytes; null when missing or unreadable
  std::string checksum;             // lowercase hex sha256 of the bytes (empty when unreadable)
  bool readable = false;            // the file was read and is valid UTF-8 without NUL bytes
  sql::ParsedFile parsed;           // filled by parse_history
  uint64_t size = 0;                // bytes of migration.sql, also while its text is unloaded
  // Let go by load_history (past its text budget): `file` stays null until load_text() reads the text again (a
  // pass over the history holds a few files' text at a time instead of all of them).
  bool text_unloaded = false;
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

// How many bytes of migration text load_history holds on to: all of it, none, or as much as a large history
// can afford without its memory growing with its size (the texts of a history up to that size are kept; past
// it, all are let go, since reading them again costs less than holding them).
inline constexpr uint64_t kKeepAllText = UINT64_MAX;
inline constexpr uint64_t kKeepNoText = 0;
inline constexpr uint64_t kKeepTextOfSmallHistory = 8u << 20;

// Reads the folder (no parsing). Every readable migration's text is read and checked; when the texts total more
// than `keep_text_bytes` they are let go, except for files with nothing to run (the history checks report
// those), and read again by load_text() when needed.
MigrationHistory load_history(const std::filesystem::path& root, uint64_t keep_text_bytes = kKeepAllText);
template <class Bool>
  requires std::same_as<Bool, bool>
MigrationHistory load_history(const std::filesystem::path& root, Bool) = delete;  // a byte count, not a yes/no

// Reads an unloaded migration's text again. False when it cannot be read or is no longer what load_history read
// (its checksum changed); `file` then holds an empty text, so that the run can go on and report it.
bool load_text(Migration& m);
// migration.sql of `m` as reports show it: `m.path` when load_history set it, else worked out from its folder.
std::string migration_file_path(const Migration& m);
// Every unloaded migration's text, for a pass that needs them all at once.
void load_texts(MigrationHistory& history);

// Whether the SQL holds nothing but whitespace, comments and semicolons.
bool is_effectively_empty_sql(std::string_view sql);

// Paths in reports are relative to the working directory when the file lies below it, like ruff prints them.
std::string display_path(const std::filesystem::path& p);

// Parses every readable migration with the SQL front end, spreading files over `threads` workers
// (0 = hardware concurrency). Syntax errors become `syntax-error` findings in history.findings.
void parse_history(MigrationHistory& history, unsigned threads = 0);

// The `syntax-error` findings of one parsed migration (what parse_history adds to history.findings).
std::vector<Finding> syntax_error_findings(const Migration& m);

}  // namespace sg
