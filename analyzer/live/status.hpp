#pragma once
// `schemagate status`: the migrations folder against `_prisma_migrations`, like `prisma migrate status` and
// more (edited after apply, applied but missing locally, out-of-order pending migrations). A pure function of
// the history and the rows, so it is tested without a database.
#include <optional>
#include <string>
#include <vector>

#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"
#include "analyzer/live/migrations_table.hpp"

namespace sg::live {

enum class MigrationState { Applied, Edited, Pending, Failed, RolledBack, MissingLocally };
const char* to_string(MigrationState s);

struct StatusEntry {
  std::string name;
  MigrationState state = MigrationState::Pending;
  const Migration* local = nullptr;  // null when the folder is missing
  std::optional<MigrationRow> row;   // the row that decided the state
};

struct StatusInput {
  const MigrationHistory& history;
  // nullopt: the database has no `_prisma_migrations` table.
  const std::optional<std::vector<MigrationRow>>& rows;
  std::string database;            // redacted URL, for messages
  std::string schema = "public";   // schema of `_prisma_migrations`
  size_t other_tables = 0;         // user tables in that schema (P3005 when the bookkeeping table is missing)
};

struct StatusReport {
  std::vector<StatusEntry> entries;  // folder order, then rows with no folder
  bool table_missing = false;
  size_t applied = 0, edited = 0, pending = 0, failed = 0, rolled_back = 0, missing_locally = 0;
  std::vector<Finding> findings;
};

StatusReport analyze_status(const StatusInput& input);

// A few lines for people: counts, then the names that need attention.
std::string render_status_summary(const StatusReport& report, const std::string& database);

}  // namespace sg::live
