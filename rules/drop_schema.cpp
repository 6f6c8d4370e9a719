// drop-schema: DROP SCHEMA of a schema that existed before this migration.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo drop_schema() {
  return {
      .id = "drop-schema",
      .category = Category::DataLoss,
      .default_severity = Severity::Error,
      .summary = "Dropping a schema deletes every object and row in it",
      .description = "DROP SCHEMA … CASCADE drops every table, view, type and function in the schema with all "
                     "their data, under ACCESS EXCLUSIVE on each table. Without CASCADE it fails unless the schema "
                     "is empty.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* drop = std::get_if<sql::DropObjects>(&ctx.statement.body);
            if (!drop || drop->object_kind != "SCHEMA") return;
            for (const auto& n : drop->names) {
              if (!ctx.before_migration.has_schema(n.name) || !ctx.before.has_schema(n.name)) continue;
              int tables = 0;
              for (const auto& t : ctx.before.tables) tables += t.schema == n.name;
              Finding& f = out.report(
                  "schema " + quote_ident(n.name) + " is dropped" +
                      (tables ? " with its " + std::to_string(tables) + " table(s) and all their data"
                              : std::string(" with everything in it")),
                  "Move or back up what is still needed first (`ALTER TABLE " + quote_ident(n.name) +
                      ".\"T\" SET SCHEMA public;` or a pg_dump of the schema), stop using it in code, then drop it "
                      "in a later migration.",
                  n.span);
              f.locks = effects::lock_infos(ctx.effects);
            }
          },
  };
}

}  // namespace sg::rules
