#pragma once
// Replays a migration history into a catalog exactly as PostgreSQL 15 would build it, statement by
// statement, predicting the errors PostgreSQL would raise (a failing file is rolled back, as the implicit
// transaction of a simple query is, up to its last COMMIT; replay then goes on with the next migration).
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"

namespace sg::replay {

struct ReplayError {
  uint32_t statement_index = 0;
  std::string sqlstate;   // e.g. "42P01"
  std::string message;    // PostgreSQL's wording, e.g. `relation "Post" does not exist`
};

struct MigrationOutcome {
  std::optional<ReplayError> error;  // set when PostgreSQL would refuse the file
  std::vector<Finding> findings;     // replay-error, unsupported-statement
};

// Called right before each statement is applied, with the catalog as it is at that moment.
using StatementObserver = std::function<void(const sql::Statement&, const catalog::Catalog& before)>;

// A file's statements in file order, for a replay that need not hold them all: `for_each` calls `each` with
// each statement until it returns false. It may be called again (a failing file is replayed from its start
// up to its last COMMIT), and each call gives the same statements.
struct FileStatementStream {
  uint32_t count = 0;  // statements in the file
  std::function<void(const std::function<bool(const sql::Statement&)>& each)> for_each;
  bool held = false;   // the statements are in memory: going over them again is cheap
  // The statements of `parsed`, which must outlive the stream.
  static FileStatementStream of(const sql::ParsedFile& parsed);
};

namespace detail { struct SideState; }

class Replayer {
 public:
  explicit Replayer(catalog::Catalog start = {});
  ~Replayer();
  Replayer(Replayer&&) noexcept;
  Replayer& operator=(Replayer&&) noexcept;

  MigrationOutcome apply(const Migration& migration, const StatementObserver& observer = {});
  // The same for a file whose statements come from `statements` (migration.parsed gives only its errors).
  MigrationOutcome apply(const Migration& migration, const FileStatementStream& statements,
                         const StatementObserver& observer = {});
  const catalog::Catalog& catalog() const { return catalog_; }
  // The catalog as it was when the file being applied started (during an observer call), or as it is now
  // between files.
  const catalog::Catalog& catalog_at_file_start() const;
  // The extensions the target server can install (pg_available_extensions): CREATE EXTENSION of any other
  // fails there, as it does on a server without the package. Without this call every extension is available.
  void set_available_extensions(std::set<std::string> names);

 private:
  catalog::Catalog catalog_;
  // Parsed sources of the printed expressions (re-printed after renames) and the search_path.
  std::unique_ptr<detail::SideState> side_;
};

// What one statement can change, when that is known from the statement alone: `tables` (by name, in any
// schema) are the only tables it can change (create, alter or drop), and `enums` says whether it can change an
// enum type. Besides those it may change only sequences, views, functions and triggers. Unknown for anything
// that may reach further: table and type renames, CASCADE, partitions, inheritance, DO blocks. `before`: the
// catalog right before the statement.
struct StatementReach {
  bool known = false;
  std::vector<std::string> tables;
  bool enums = false;
};
StatementReach reach_of(const sql::Statement& statement, const catalog::Catalog& before);

// Replays every readable migration of `history` (optionally stopping after the one named `until`).
struct HistoryReplay {
  catalog::Catalog catalog;
  std::vector<Finding> findings;
};
HistoryReplay replay_history(const MigrationHistory& history, const std::string& until = {});

}  // namespace sg::replay
