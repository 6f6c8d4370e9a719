// non-transactional-statement: VACUUM, CREATE DATABASE, ALTER SYSTEM, REINDEX SCHEMA/DATABASE, CLUSTER without a
// table, ALTER TYPE … ADD VALUE before PostgreSQL 12 … where Prisma runs them inside a transaction block.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo non_transactional_statement() {
  return {
      .id = "non-transactional-statement",
      .category = Category::DeployFailure,
      .default_severity = Severity::Error,
      .summary = "A statement that cannot run in a transaction block sits in a multi-statement file or BEGIN block",
      .description = "Some statements refuse to run inside a transaction block (25001): VACUUM, CREATE/DROP "
                     "DATABASE, CREATE/DROP TABLESPACE, ALTER SYSTEM, REINDEX SCHEMA/DATABASE/SYSTEM, CLUSTER "
                     "without a table and, before PostgreSQL 12, ALTER TYPE … ADD VALUE. Prisma sends a migration "
                     "file as one query, which PostgreSQL runs as one transaction when it has several statements.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const std::string& what = ctx.effects.non_transactional_reason;
            if (ctx.effects.transactional || what.find("CONCURRENTLY") != std::string::npos) return;
            auto when = effects::in_block_under_prisma(ctx.tx, ctx.prisma);
            if (!when) return;
            std::string help = "Put the statement alone in a migration file of its own (no BEGIN/COMMIT).";
            if (what.starts_with("ALTER TYPE"))
              help = "Put `ALTER TYPE … ADD VALUE` alone in its own migration file, or target PostgreSQL 12+ "
                     "(--pg-version), where it may run in a transaction.";
            else if (what.starts_with("VACUUM"))
              help = "Remove it from the migration: autovacuum takes care of it; run a manual VACUUM (ANALYZE) "
                     "from a maintenance job if needed. If it must stay, put it alone in its own migration file.";
            Finding& f = out.report(what + " cannot run inside a transaction block and fails with 25001 (P3018): " +
                                        *when,
                                    help);
            f.locks = effects::lock_infos(ctx.effects);
          },
  };
}

}  // namespace sg::rules
