// concurrently-in-transaction: CREATE/DROP INDEX or REINDEX with CONCURRENTLY where Prisma runs it inside a
// transaction block: PostgreSQL refuses it with 25001 and `prisma migrate deploy` stops with P3018.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo concurrently_in_transaction() {
  return {
      .id = "concurrently-in-transaction",
      .category = Category::DeployFailure,
      .default_severity = Severity::Error,
      .summary = "CONCURRENTLY cannot run inside a transaction block; the deploy fails with 25001 (P3018)",
      .description = "CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY refuse to run "
                     "inside a transaction block. Prisma sends a migration file as one query, and PostgreSQL runs "
                     "a query with several statements as one transaction, so the statement fails unless it is "
                     "alone in its file. Prisma 7.4+'s native engine splits files, except those containing "
                     "DROP INDEX CONCURRENTLY; the Wasm engine never does.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const std::string& what = ctx.effects.non_transactional_reason;
            if (ctx.effects.transactional || what.find("CONCURRENTLY") == std::string::npos) return;
            auto when = effects::in_block_under_prisma(ctx.tx, ctx.prisma);
            if (!when) return;
            Finding& f = out.report(
                what + " fails with `" + what + " cannot run inside a transaction block` (25001, P3018): " + *when,
                "Move the statement into a migration of its own with nothing else in the file (no BEGIN/COMMIT, "
                "no SET), e.g. `prisma migrate dev --create-only --name add_index_concurrently`, and make it "
                "re-runnable: `CREATE INDEX CONCURRENTLY IF NOT EXISTS …` / `DROP INDEX CONCURRENTLY IF EXISTS …`.");
            f.locks = effects::lock_infos(ctx.effects);
          },
  };
}

}  // namespace sg::rules
