#pragma once
// Static integrity of a migrations folder, without a database: the lock file and the shape of the history
// (folder names, name lengths, shared timestamps, empty migrations, files where no migration belongs).
// Problems load_history already reports (missing migration.sql, unreadable files, stray files at the top,
// invalid TOML) are not repeated here.
#include <optional>
#include <string>
#include <vector>

#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"

namespace sg::integrity {

// The printed path of a migration's folder (relative like the paths load_history prints).
std::string migration_display_path(const Migration& m);
Finding make_finding(std::string rule, Severity severity, Location where, std::string message, std::string help,
                     std::string migration = {});

struct LockCheck {
  std::vector<Finding> findings;
  // Set when the lock file names a provider schemagate does not analyze (it only knows PostgreSQL):
  // callers stop with exit code 2 instead of producing meaningless findings.
  std::optional<std::string> unsupported_provider;
};

// `schema_provider` is the datasource provider of schema.prisma when the caller knows it (P3019 check).
LockCheck check_lock_file(const MigrationHistory& history, const std::optional<std::string>& schema_provider = {});

// Folder names, P3010 name length, duplicate timestamps, empty migrations, stray files inside folders.
std::vector<Finding> check_history_shape(const MigrationHistory& history);

// "postgres" and "postgresql" name the same provider.
bool is_postgres_provider(std::string_view provider);

}  // namespace sg::integrity
