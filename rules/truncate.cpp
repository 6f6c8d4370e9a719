// truncate: TRUNCATE of a table that existed before this migration.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo truncate() {
  return {
      .id = "truncate",
      .category = Category::DataLoss,
      .default_severity = Severity::Error,
      .summary = "TRUNCATE deletes every row of the table",
      .description = "TRUNCATE removes all rows at once under ACCESS EXCLUSIVE; with CASCADE it also empties every "
                     "table whose foreign keys point at it. It is not undone by anything but a backup restore.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* t = std::get_if<sql::Truncate>(&ctx.statement.body);
            if (!t) return;
            for (const auto& name : t->tables) {
              std::string schema = StatementContext::schema_of(name);
              if (!ctx.table_existed_before_migration(schema, name.name)) continue;
              Finding& f = out.report(
                  "every row of " + quote_ident(name) + " is deleted" +
                      (t->cascade ? ", and of every table that references it (CASCADE)" : std::string()),
                  "If only some rows must go, use `DELETE FROM " + quote_ident(name) + " WHERE …;` in batches. If the "
                  "data may be needed, copy it first: `CREATE TABLE " + quote_ident(name.name + "_backup") +
                      " AS TABLE " + quote_ident(name) + ";`.",
                  name.span);
              if (const auto* e = ctx.effects.find(schema, name.name)) f.locks.push_back(effects::to_lock_info(*e));
            }
          },
  };
}

}  // namespace sg::rules
