// add-required-column-without-default: ADD COLUMN … NOT NULL with no default on a table that existed
// before this migration. PostgreSQL fails with 23502 as soon as the table has a row.
#include <algorithm>

#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {
namespace {

bool has(const sql::ColumnDef& c, sql::ConstraintKind k) {
  return std::any_of(c.constraints.begin(), c.constraints.end(), [&](const auto& x) { return x.kind == k; });
}

bool is_serial(const sql::TypeName& t) {
  if (t.names.size() != 1) return false;
  const std::string& n = t.names[0];
  return n == "serial" || n == "bigserial" || n == "smallserial" || n == "serial4" || n == "serial8" ||
         n == "serial2";
}

}  // namespace

RuleInfo add_required_column_without_default() {
  return {
      .id = "add-required-column-without-default",
      .category = Category::DeployFailure,
      .default_severity = Severity::Error,
      .summary = "Adding a NOT NULL column without a default fails on a table that has rows",
      .description = "PostgreSQL must fill the new column for every existing row; with NOT NULL and no default it "
                     "raises `column contains null values` (23502) and `prisma migrate deploy` stops (P3018). "
                     "Prisma writes such a column for a required field whose default lives only in the client: "
                     "`@default(uuid())`, `@default(cuid())`, `@updatedAt`.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* alter = alter_of_existing_table(ctx);
            if (!alter) return;
            for (const auto& cmd : alter->commands) {
              if (cmd.kind != sql::AlterKind::AddColumn || !cmd.column) continue;
              const auto& col = *cmd.column;
              bool required = has(col, sql::ConstraintKind::NotNull) || has(col, sql::ConstraintKind::PrimaryKey);
              bool filled = has(col, sql::ConstraintKind::Default) || has(col, sql::ConstraintKind::Identity) ||
                            has(col, sql::ConstraintKind::Generated) || is_serial(col.type);
              if (!required || filled) continue;
              out.report("column " + quote_ident(col.name) + " is added to existing table " + quote_ident(alter->name) +
                             " as NOT NULL without a default; the migration fails if the table has any row",
                         "Add it in steps: `ALTER TABLE " + quote_ident(alter->name) + " ADD COLUMN " + quote_ident(col.name) +
                             " <type>;`, backfill it (`UPDATE " + quote_ident(alter->name) + " SET " + quote_ident(col.name) +
                             " = …;`), then `ALTER TABLE " + quote_ident(alter->name) + " ALTER COLUMN " + quote_ident(col.name) +
                             " SET NOT NULL;`. In schema.prisma: make the field optional first, or give it a "
                             "database default (`@default(\"…\")`, `@default(now())`, `@default(dbgenerated(\"gen_random_uuid()\"))`) "
                             "instead of uuid()/cuid()/@updatedAt.",
                         col.span);
            }
          },
  };
}

}  // namespace sg::rules
