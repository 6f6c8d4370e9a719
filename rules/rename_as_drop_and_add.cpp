// rename-as-drop-and-add: in one migration a column is dropped from a table and another column of the same type
// is added to it. This is how Prisma renders a renamed field: the data of the old column is lost.
#include "analyzer/effects/column_type.hpp"
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo rename_as_drop_and_add() {
  return {
      .id = "rename-as-drop-and-add",
      .category = Category::DataLoss,
      .default_severity = Severity::Warning,
      .summary = "A column is dropped and one of the same type added: probably a rename that loses the data",
      .description = "Prisma cannot tell a renamed field from a removed one and an added one: it generates "
                     "DROP COLUMN for the old name and ADD COLUMN for the new, and the values are gone. When the "
                     "intent is a rename, edit the migration to RENAME COLUMN, or keep the old column name with @map.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* alter = std::get_if<sql::AlterTable>(&ctx.statement.body);
            if (!alter) return;
            std::string schema = StatementContext::schema_of(alter->name);
            const auto* old_table = ctx.before_migration.table(schema, alter->name.name);
            if (!old_table || !ctx.table_existed_before_migration(schema, alter->name.name)) return;
            for (const auto& cmd : alter->commands) {
              if (cmd.kind != sql::AlterKind::DropColumn) continue;
              const auto* dropped = old_table->column(cmd.name);
              if (!dropped) continue;
              auto dropped_type = effects::parse_catalog_type(dropped->type);
              // Every ADD COLUMN of this table in the file with the same type is a candidate new name.
              std::vector<std::string> candidates;
              for (const auto& added : ctx.file->added_columns(alter->name.name))
                if (added.schema == schema && !old_table->column(added.column) && added.type == dropped_type)
                  candidates.push_back(added.column);
              if (candidates.empty()) continue;
              std::string names;
              for (const auto& n : candidates) names += (names.empty() ? "" : " or ") + quote_ident(n);
              out.report("column " + quote_ident(cmd.name) + " of " + quote_ident(alter->name) + " is dropped and " + names +
                             " (" + dropped_type.to_string() + ") is added in the same migration: if this is a "
                             "rename, the data of " + quote_ident(cmd.name) + " is lost",
                         "If it is a rename, replace the DROP and ADD with `ALTER TABLE " + quote_ident(alter->name) +
                             " RENAME COLUMN " + quote_ident(cmd.name) + " TO " + quote_ident(candidates.front()) +
                             ";`, or keep the column and rename only the field: `" + candidates.front() + " … @map(\"" +
                             cmd.name + "\")`.",
                         cmd.span);
            }
          },
  };
}

}  // namespace sg::rules
