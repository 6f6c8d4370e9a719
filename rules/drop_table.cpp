// drop-table: DROP TABLE on a table that held data before this migration.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo drop_table() {
  return {
      .id = "drop-table",
      .category = Category::DataLoss,
      .default_severity = Severity::Error,
      .summary = "Dropping a table deletes all of its rows",
      .description = "DROP TABLE takes an ACCESS EXCLUSIVE lock and deletes the table and every row in it. "
                     "Application code that still reads the table fails as soon as the migration runs.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* drop = std::get_if<sql::DropObjects>(&ctx.statement.body);
            if (!drop || drop->object_kind != "TABLE") return;
            for (const auto& name : drop->names) {
              std::string schema = StatementContext::schema_of(name);
              if (!ctx.table_existed_before_migration(schema, name.name)) continue;
              out.report("table " + quote_ident(name) + " is dropped with all its data",
                         "Stop reading and writing the table in a release first, back it up if the data may be "
                         "needed (`CREATE TABLE " + quote_ident(name.name + "_backup") + " AS TABLE " + quote_ident(name) +
                             ";`), then drop it in a later migration.",
                         name.span);
            }
          },
  };
}

}  // namespace sg::rules
