#pragma once
// What a statement does to the database beyond the catalog change: the lock it takes on each existing
// table, whether it rewrites or scans it, and whether it may run inside a transaction block. Derived from the
// statement IR and the catalog right before it (PostgreSQL 11-17 behaviour, see docs/rules/*.md).
#include <optional>
#include <string>
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/finding.hpp"
#include "analyzer/sql/ir.hpp"

namespace sg::effects {

// PostgreSQL's table-level lock modes, weakest first.
enum class LockMode {
  None, AccessShare, RowShare, RowExclusive, ShareUpdateExclusive, Share, ShareRowExclusive, Exclusive,
  AccessExclusive
};
const char* to_string(LockMode m);  // "ACCESS EXCLUSIVE", ...
// Blocks plain reads (SELECT) while held.
inline bool blocks_reads(LockMode m) { return m == LockMode::AccessExclusive; }
// Blocks INSERT/UPDATE/DELETE while held.
inline bool blocks_writes(LockMode m) { return m >= LockMode::Share; }

struct TableEffect {
  std::string schema;
  std::string name;           // a table or materialized view that exists before the statement
  LockMode mode = LockMode::None;
  bool rewrite = false;       // a new relfilenode: every row is copied (or, for TRUNCATE, thrown away)
  bool scan = false;          // every row is read while the lock is held (validation, index build)
  std::string why;            // what causes the rewrite or scan, for messages ("int -> bigint")
};

struct StatementEffects {
  std::vector<TableEffect> tables;  // one entry per table, strongest lock and union of rewrite/scan
  // False when PostgreSQL refuses the statement inside a transaction block (25001): CONCURRENTLY, VACUUM,
  // CREATE DATABASE, ALTER TYPE ... ADD VALUE before PostgreSQL 12, REINDEX SCHEMA/DATABASE/SYSTEM, ...
  bool transactional = true;
  std::string non_transactional_reason;  // "CREATE INDEX CONCURRENTLY", ...
  // False when the statement may lock tables this model does not see (views, functions, DO blocks, DML that
  // reads other tables): the PostgreSQL check skips these.
  bool complete = true;

  const TableEffect* find(std::string_view schema, std::string_view name) const;
  LockMode strongest() const;
};

StatementEffects effects_of(const sql::Statement& statement, const catalog::Catalog& before, int pg_version);
// The effects of one command of an ALTER TABLE alone, so a rule blames a rewrite on the command that causes it.
StatementEffects effects_of_command(const sql::AlterTable& alter, const sql::AlterTableCmd& cmd,
                                    const catalog::Catalog& before, int pg_version);

// The printed name of a table in messages and LockInfo: "Post", or "audit"."Post" outside public.
std::string display_name(std::string_view schema, std::string_view name);
LockInfo to_lock_info(const TableEffect& e);
// Every table effect of the statement as Finding::locks.
std::vector<LockInfo> lock_infos(const StatementEffects& e);

// Whether a default expression is evaluated per row (volatile: random(), gen_random_uuid(), nextval(),
// clock_timestamp(), unknown user functions). now() and CURRENT_TIMESTAMP are stable: evaluated once.
bool is_volatile(const sql::Expr& e);

}  // namespace sg::effects
