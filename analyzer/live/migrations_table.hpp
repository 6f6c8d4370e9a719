#pragma once
// `_prisma_migrations`, Prisma Migrate's bookkeeping table (spec/prisma-migrations-table.md), read as rows.
#include <optional>
#include <string>
#include <vector>

#include "analyzer/live/session.hpp"

namespace sg::live {

struct MigrationRow {
  std::string id;
  std::string checksum;
  std::optional<std::string> finished_at;
  std::string migration_name;
  std::optional<std::string> logs;
  std::optional<std::string> rolled_back_at;
  std::string started_at;
  int applied_steps_count = 0;

  bool rolled_back() const { return rolled_back_at.has_value(); }
  bool finished() const { return finished_at.has_value(); }
  // Neither finished nor rolled back: `migrate deploy` refuses to run (P3009).
  bool failed() const { return !finished_at && !rolled_back_at; }
};

// The rows ordered by started_at, or nullopt when the table does not exist in `schema`. Throws LiveError.
std::optional<std::vector<MigrationRow>> read_migrations_table(Session& session, const std::string& schema);

// Names of the migrations the rows say are applied: finished and not rolled back, in folder (byte) order.
std::vector<std::string> applied_migration_names(const std::vector<MigrationRow>& rows);

// Number of ordinary tables in `schema` other than `_prisma_migrations` (a non-empty database without the
// table is P3005 for Prisma). Throws LiveError.
size_t count_user_tables(Session& session, const std::string& schema);

}  // namespace sg::live
