// uncommitted-transaction: BEGIN with no COMMIT or ROLLBACK after it in the file.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo uncommitted_transaction() {
  return {
      .id = "uncommitted-transaction",
      .category = Category::DeployFailure,
      .default_severity = Severity::Error,
      .summary = "BEGIN without a COMMIT: the migration's changes are never committed",
      .description = "A transaction opened by BEGIN stays open after the file has run. Prisma then records the "
                     "migration on the same connection inside that open transaction, and when the connection "
                     "closes PostgreSQL rolls everything back: the schema change and the bookkeeping both vanish, "
                     "or the session holds its locks until it is closed.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* t = std::get_if<sql::Transaction>(&ctx.statement.body);
            if (!t || (t->kind != sql::TransactionKind::Begin && t->kind != sql::TransactionKind::Start)) return;
            if (ctx.tx.explicit_block) return;  // nested BEGIN: transaction-nesting reports it
            if (ctx.file->transaction_end_after(ctx.statement.index)) return;
            out.report("BEGIN is never followed by COMMIT: the transaction is still open when the file ends, and "
                           "the migration is rolled back when Prisma's connection closes",
                       "Add `COMMIT;` at the end of the file, or remove the BEGIN: a file with several statements "
                       "already runs as one transaction.");
          },
  };
}

}  // namespace sg::rules
