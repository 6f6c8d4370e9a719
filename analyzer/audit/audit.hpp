#pragma once
// The whole history as data for `schemagate audit`: each migration's risk, its statements ranked by what
// they cost (their findings' severity, the lock they take on tables that held data before the migration),
// how often each table changed, and the final catalog. One replay plus the findings of lint; reporters
// (reporters/audit_report.hpp) only render it.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/effects/effects.hpp"
#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"

namespace sg::audit {

struct Counts {
  uint32_t errors = 0;
  uint32_t warnings = 0;
  uint32_t infos = 0;
  uint32_t total() const { return errors + warnings + infos; }
  void add(Severity s);
};

// The strongest lock taken on a table that existed before the migration began. A table created earlier in
// the same migration is empty and invisible to other sessions until the migration commits, so locking it
// blocks nobody.
struct Lock {
  effects::LockMode mode = effects::LockMode::None;
  std::string table;  // as PostgreSQL prints it: "Post", "audit"."Log"
  bool rewrite = false;
  bool scan = false;
};
// Orders by mode, then rewrite, then scan: true when `a` costs more than `b`.
bool heavier(const Lock& a, const Lock& b);

// One word for how risky a migration or statement is, so every report colours the same things the same way:
// high = an error finding, a file PostgreSQL refuses, or reads blocked while a table is rewritten or scanned;
// medium = a warning, or writes blocked on a table that held data; low = an info finding or a lighter lock.
enum class Risk { None, Low, Medium, High };
const char* to_string(Risk r);  // "none", "low", "medium", "high"
Risk risk_of(const std::optional<Severity>& severity, const Lock& lock, bool refused = false);

struct StatementRisk {
  size_t migration = 0;               // index into Audit::migrations
  Location location;                  // the statement's bytes
  std::string node;                   // libpg_query's node name, e.g. "AlterTableStmt"
  std::optional<Severity> severity;   // the highest severity of its findings
  std::vector<std::string> rules;     // rule ids of its findings, in order of first appearance
  Lock lock;
};

struct MigrationRisk {
  std::string name;                   // folder name
  std::string path;                   // its migration.sql as reports print paths
  std::optional<std::string> date;    // "2024-01-06 12:00" (UTC) from the folder's timestamp
  uint32_t statements = 0;
  Counts findings;
  std::optional<Severity> severity;   // highest finding in the migration
  Lock lock;                          // strongest over its statements
  bool replay_failed = false;         // PostgreSQL would refuse the file
  std::vector<std::string> tables;    // tables its statements act on, printed as at that time
};

struct TableActivity {
  catalog::TableKey name;             // the latest name (the final one when the table still exists)
  std::vector<catalog::TableKey> former_names;
  uint32_t statements = 0;            // statements that acted on it
  uint32_t migrations = 0;            // migrations holding such statements
  std::string first_migration;
  std::string last_migration;
  bool exists_at_end = false;
};

struct Audit {
  std::vector<MigrationRisk> migrations;   // history order
  // Every statement with a finding or a lock on existing data, most dangerous first: by risk, then highest
  // severity, then heaviest lock (ties in history order).
  std::vector<StatementRisk> statements;
  std::vector<TableActivity> tables;       // most changed first
  catalog::Catalog final_catalog;
  std::vector<Finding> findings;           // all of them, sorted
  Counts counts;
  uint32_t statement_count = 0;
};

// `findings`: lint's findings on the whole history, plus any others the caller gathered (schema drift).
Audit build_audit(const MigrationHistory& history, std::vector<Finding> findings, int pg_version);

// The tables that statements of `migrations` act on, by their names at the end of the history (later renames
// followed), leaving out those that no longer exist.
std::vector<catalog::TableKey> tables_touched(const MigrationHistory& history, const std::set<std::string>& migrations);

// "2024-01-06 12:00" for "20240106120000_init"; nothing when the name does not start with a valid
// YYYYMMDDHHMMSS timestamp.
std::optional<std::string> migration_date(std::string_view name);

}  // namespace sg::audit
