// narrowing-type-change: ALTER COLUMN … TYPE to a type that cannot hold every old value (shorter varchar,
// lower numeric precision or scale, text -> varchar(n), bigint -> integer).
#include "analyzer/effects/column_type.hpp"
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo narrowing_type_change() {
  return {
      .id = "narrowing-type-change",
      .category = Category::DataLoss,
      .default_severity = Severity::Error,
      .summary = "A column's type is narrowed: existing values may fail or be truncated",
      .description = "Changing a column to a type with a smaller range (varchar(100) to varchar(50), text to "
                     "varchar(n), numeric(10,2) to numeric(8,2), bigint to integer) makes the migration fail as "
                     "soon as one row holds a value that does not fit (22001, 22003), or silently rounds values "
                     "(fewer decimals, timestamp precision). Prisma writes this for @db.VarChar(n) with a smaller n.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            for (const auto& [alter, cmd, col] : changes_to_existing_columns(ctx, sql::AlterKind::AlterColumnType)) {
              if (!cmd.column) continue;
              auto to = effects::from_type_name(cmd.column->type);
              if (!to) continue;
              auto from = effects::parse_catalog_type(col.type);
              auto change = effects::classify_type_change(from, *to);
              if (!change.narrowing) continue;
              std::string t = quote_ident(alter.name);
              std::string c = quote_ident(cmd.name);
              out.report("changing " + t + "." + c + " from " + from.to_string() + " to " + to->to_string() +
                             " narrows it (" + change.reason + "): the migration fails, or values are rounded, if "
                             "any row does not fit",
                         "Check the data first (e.g. `SELECT count(*) FROM " + t + " WHERE length(" + c +
                             ") > N;`), fix or truncate those rows in an earlier migration, or keep the wider type in "
                             "schema.prisma (`@db.VarChar(…)`, `@db.Decimal(…)`, `BigInt`).",
                         cmd.span);
            }
          },
  };
}

}  // namespace sg::rules
