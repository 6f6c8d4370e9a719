// create-index-not-concurrently: CREATE INDEX without CONCURRENTLY on a table that existed before this
// migration blocks every write to it for as long as the build takes.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo create_index_not_concurrently() {
  return {
      .id = "create-index-not-concurrently",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "CREATE INDEX without CONCURRENTLY blocks writes to an existing table",
      .description = "CREATE INDEX takes a SHARE lock on the table: INSERT, UPDATE and DELETE wait until the whole "
                     "table has been scanned and the index built, which takes minutes on a large table.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* idx = std::get_if<sql::CreateIndex>(&ctx.statement.body);
            if (!idx || idx->concurrently) return;
            std::string schema = StatementContext::schema_of(idx->table);
            if (!ctx.table_existed_before_migration(schema, idx->table.name)) return;
            std::string name = idx->name.empty() ? std::string("the index") : "index " + quote_ident(idx->name);
            Finding& f = out.report(
                name + " is built on existing table " + quote_ident(idx->table) +
                    " without CONCURRENTLY; writes to the table are blocked until the build finishes",
                "Use `CREATE " + std::string(idx->unique ? "UNIQUE " : "") + "INDEX CONCURRENTLY` in a migration "
                "file of its own: Prisma sends a one-statement file outside a transaction, and CONCURRENTLY cannot "
                "run inside one. Add `IF NOT EXISTS` so a retry after a failed build is safe.",
                idx->table.span);
            f.locks.push_back({quote_ident(idx->table), "SHARE", false, true});
          },
  };
}

}  // namespace sg::rules
