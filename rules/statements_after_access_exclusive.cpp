// statements-after-access-exclusive: ACCESS EXCLUSIVE on an existing table, then slow work (a scan, a rewrite,
// a data change) later in the same transaction: the lock is held until the whole transaction commits.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {
namespace {

const effects::TableEffect* exclusive_on_existing(const StatementContext& ctx, const effects::StatementEffects& e) {
  for (const auto& t : e.tables)
    if (t.mode == effects::LockMode::AccessExclusive && ctx.before_migration.table(t.schema, t.name)) return &t;
  return nullptr;
}

// Work that takes time proportional to a table that existed before the migration.
bool is_slow(const StatementContext& ctx, const sql::Statement& st, const effects::StatementEffects& e) {
  if (std::holds_alternative<sql::Update>(st.body) || std::holds_alternative<sql::Delete>(st.body)) return true;
  if (const auto* ins = std::get_if<sql::Insert>(&st.body); ins && ins->has_select) return true;
  for (const auto& t : e.tables)
    if ((t.scan || t.rewrite) && ctx.before_migration.table(t.schema, t.name)) return true;
  return false;
}

}  // namespace

RuleInfo statements_after_access_exclusive() {
  return {
      .id = "statements-after-access-exclusive",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "An ACCESS EXCLUSIVE lock is held while slow statements run later in the same transaction",
      .description = "Locks are released at commit, not at the end of the statement. When a migration file runs as "
                     "one transaction, the ACCESS EXCLUSIVE taken by an instant ALTER is held while later index "
                     "builds, validations, rewrites or backfills run: the table is unavailable for all of that time.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* lock = exclusive_on_existing(ctx, ctx.effects);
            if (!lock) return;
            const auto& sts = ctx.migration.parsed.statements;
            // Once per transaction: an earlier ACCESS EXCLUSIVE in the same transaction already carries it.
            for (size_t i = ctx.statement.index; i-- > 0;) {
              if (effects::ends_transaction(sts[i])) break;
              if (exclusive_on_existing(ctx, ctx.effects_at_migration_start(i)))
                return;
            }
            for (size_t i = ctx.statement.index + 1; i < sts.size(); ++i) {
              if (effects::ends_transaction(sts[i])) return;
              auto later = effects::effects_of(sts[i], ctx.before, ctx.pg_version);
              if (!is_slow(ctx, sts[i], later)) continue;
              // Is the later statement in the same transaction under the Prisma versions in use?
              auto when = effects::in_block_under_prisma(ctx.tx, ctx.prisma);
              if (!when) return;
              Finding& f = out.report(
                  "ACCESS EXCLUSIVE on " + effects::display_name(lock->schema, lock->name) +
                      " is held until the transaction commits, while a slower statement runs later in it (line " +
                      std::to_string(ctx.migration.file ? ctx.migration.file->position(sts[i].span.begin).line : 0) +
                      "): " + *when,
                  "Put the statement that takes ACCESS EXCLUSIVE in a migration of its own (or last in its "
                  "transaction), and move index builds, validations and backfills to separate migrations.");
              f.locks.push_back(effects::to_lock_info(*lock));
              if (ctx.migration.file)
                f.related.push_back({make_location(ctx.migration.file, sts[i].span), "runs while the lock is held"});
              return;
            }
          },
  };
}

}  // namespace sg::rules
