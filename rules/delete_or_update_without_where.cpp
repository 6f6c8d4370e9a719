// delete-or-update-without-where: DELETE or UPDATE of every row of a table that existed before this migration.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo delete_or_update_without_where() {
  return {
      .id = "delete-or-update-without-where",
      .category = Category::DataLoss,
      .default_severity = Severity::Warning,
      .summary = "DELETE or UPDATE without WHERE touches every row",
      .description = "Without a WHERE clause, DELETE removes every row and UPDATE rewrites every row, all in one "
                     "transaction: the whole table is locked row by row, the WAL grows with the table, and a "
                     "mistake cannot be undone without a backup.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const sql::QualifiedName* table = nullptr;
            const char* verb = nullptr;
            if (const auto* d = std::get_if<sql::Delete>(&ctx.statement.body); d && !d->has_where) {
              table = &d->table;
              verb = "DELETE";
            } else if (const auto* u = std::get_if<sql::Update>(&ctx.statement.body); u && !u->has_where) {
              table = &u->table;
              verb = "UPDATE";
            }
            if (!table) return;
            std::string schema = StatementContext::schema_of(*table);
            if (!ctx.table_existed_before_migration(schema, table->name)) return;
            bool del = std::string_view(verb) == "DELETE";
            Finding& f = out.report(
                std::string(verb) + " without WHERE " + (del ? "deletes every row of " : "rewrites every row of ") +
                    quote_ident(*table),
                del ? "Add the WHERE clause that selects the rows to remove; if the table must really be emptied, "
                      "say so with `TRUNCATE` in a reviewed migration, after a backup."
                    : "Add a WHERE clause (e.g. `WHERE \"col\" IS NULL` for a backfill) and, on a large table, run "
                      "the backfill in batches outside the migration.",
                table->span);
            f.locks = effects::lock_infos(ctx.effects);
          },
  };
}

}  // namespace sg::rules
