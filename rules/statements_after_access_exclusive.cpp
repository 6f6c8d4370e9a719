// statements-after-access-exclusive: ACCESS EXCLUSIVE on an existing table, then slow work (a scan, a rewrite,
// a data change) later in the same transaction: the lock is held until the whole transaction commits.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

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
            const auto* lock = exclusive_lock_on_existing(ctx.effects, ctx.before_migration);
            if (!lock) return;
            // Once per transaction: an earlier ACCESS EXCLUSIVE in the same transaction already carries it.
            if (ctx.file->exclusive_lock_earlier_in_transaction(ctx.statement.index)) return;
            const std::optional<uint32_t> slow = ctx.file->slow_statement_later_in_transaction(ctx.statement.index);
            if (!slow) return;
            // Is the later statement in the same transaction under the Prisma versions in use?
            auto when = effects::in_block_under_prisma(ctx.tx, ctx.prisma);
            if (!when) return;
            const Span later = ctx.file->span(*slow);
            Finding& f = out.report(
                "ACCESS EXCLUSIVE on " + effects::display_name(lock->schema, lock->name) +
                    " is held until the transaction commits, while a slower statement runs later in it (line " +
                    std::to_string(ctx.migration.file ? ctx.migration.file->position(later.begin).line : 0) +
                    "): " + *when,
                "Put the statement that takes ACCESS EXCLUSIVE in a migration of its own (or last in its "
                "transaction), and move index builds, validations and backfills to separate migrations.");
            f.locks.push_back(effects::to_lock_info(*lock));
            if (ctx.migration.file)
              f.related.push_back({make_location(ctx.migration.file, later), "runs while the lock is held"});
          },
  };
}

}  // namespace sg::rules
