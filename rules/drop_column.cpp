// drop-column: ALTER TABLE … DROP COLUMN on a table that held data before this migration.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo drop_column() {
  return {
      .id = "drop-column",
      .category = Category::DataLoss,
      .default_severity = Severity::Error,
      .summary = "Dropping a column deletes its data",
      .description = "ALTER TABLE … DROP COLUMN takes an ACCESS EXCLUSIVE lock and the column's data is gone. "
                     "Running application instances that still select or insert the column fail until they "
                     "are redeployed; Prisma renders a field rename as a drop and an add.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* alter = std::get_if<sql::AlterTable>(&ctx.statement.body);
            if (!alter || (alter->object_kind != "TABLE" && !alter->object_kind.empty())) return;
            std::string schema = StatementContext::schema_of(alter->name);
            if (!ctx.table_existed_before_migration(schema, alter->name.name)) return;
            const auto* table = ctx.before.table(schema, alter->name.name);
            for (const auto& cmd : alter->commands) {
              if (cmd.kind != sql::AlterKind::DropColumn) continue;
              // A column added in this same migration holds no data yet.
              const auto* before_table = ctx.before_migration.table(schema, alter->name.name);
              if (before_table && !before_table->column(cmd.name)) continue;
              if (table && !table->column(cmd.name)) continue;
              out.report("column " + quote_ident(cmd.name) + " of table " + quote_ident(alter->name) +
                             " is dropped with all its data",
                         "If this is a rename, use `ALTER TABLE " + quote_ident(alter->name) + " RENAME COLUMN " +
                             quote_ident(cmd.name) + " TO \"newName\";` (edit the generated migration). Otherwise remove "
                             "the field from the code first, deploy, and drop the column in a later migration.",
                         cmd.span);
            }
          },
  };
}

}  // namespace sg::rules
