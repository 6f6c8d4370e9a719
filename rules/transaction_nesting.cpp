// transaction-nesting: BEGIN while the file's own BEGIN is still open, or COMMIT/ROLLBACK with no BEGIN before it.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo transaction_nesting() {
  return {
      .id = "transaction-nesting",
      .category = Category::DeployFailure,
      .default_severity = Severity::Warning,
      .summary = "BEGIN inside an open transaction, or COMMIT/ROLLBACK that ends Prisma's implicit transaction",
      .description = "PostgreSQL has no nested transactions: a second BEGIN is ignored with a warning and the first "
                     "COMMIT ends everything, so the statements after it run outside the intended unit. A COMMIT "
                     "without BEGIN in a multi-statement file commits the part of the migration before it: if a "
                     "later statement fails, the database is left half-migrated and the migration is marked failed.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* t = std::get_if<sql::Transaction>(&ctx.statement.body);
            if (!t) return;
            using TK = sql::TransactionKind;
            if ((t->kind == TK::Begin || t->kind == TK::Start) && ctx.tx.explicit_nested) {
              out.report("BEGIN inside a transaction that is already open: PostgreSQL ignores it (`there is "
                         "already a transaction in progress`) and the first COMMIT ends both",
                         "Remove the inner BEGIN and its COMMIT; use `SAVEPOINT name` / `RELEASE SAVEPOINT name` "
                         "if a nested unit is really needed.");
              return;
            }
            if ((t->kind == TK::Commit || t->kind == TK::Rollback) && !ctx.tx.explicit_block) {
              const char* word = t->kind == TK::Commit ? "COMMIT" : "ROLLBACK";
              if (ctx.tx.statements_in_file > 1 && ctx.statement.index > 0)
                out.report(std::string(word) + " without a BEGIN ends the implicit transaction Prisma's single "
                               "query runs in: the statements before it are " +
                               (t->kind == TK::Commit ? "committed even if a later one fails"
                                                      : "thrown away while the migration is recorded as applied"),
                           "Wrap the statements in `BEGIN; … COMMIT;` explicitly, or remove the " + std::string(word) +
                               " so the whole file stays one transaction.");
              else
                out.report(std::string(word) + " without a BEGIN does nothing (`there is no transaction in "
                               "progress`)",
                           "Remove it.");
            }
          },
  };
}

}  // namespace sg::rules
