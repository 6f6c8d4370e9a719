// rename-table: ALTER TABLE … RENAME TO on a table that existed before this migration.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo rename_table() {
  return {
      .id = "rename-table",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "Renaming a table breaks the application instances still running",
      .description = "ALTER TABLE … RENAME TO is instant but takes ACCESS EXCLUSIVE, and from the moment it commits "
                     "every deployed Prisma client that still uses the old name fails (P2021 table does not exist).",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* r = std::get_if<sql::Rename>(&ctx.statement.body);
            if (!r || r->object_kind != "TABLE") return;
            std::string schema = StatementContext::schema_of(r->target);
            if (!ctx.table_existed_before_migration(schema, r->target.name)) return;
            Finding& f = out.report(
                "table " + quote_ident(r->target) + " is renamed to " + quote_ident(r->new_name) +
                    ": deployed code that still uses " + quote_ident(r->target.name) + " fails",
                "Keep the table name and rename only the model: `model " + r->new_name + " { … @@map(\"" +
                    r->target.name + "\") }`. To really rename, create a view with the old name during the switch "
                    "(`CREATE VIEW " + quote_ident(r->target.name) + " AS SELECT * FROM " + quote_ident(r->new_name) + ";`).");
            f.locks = effects::lock_infos(ctx.effects);
          },
  };
}

}  // namespace sg::rules
