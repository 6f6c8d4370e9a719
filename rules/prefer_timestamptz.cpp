// prefer-timestamptz: a column written as timestamp without time zone (Prisma's default for DateTime).
#include "rules/column_defs.hpp"
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo prefer_timestamptz() {
  return {
      .id = "prefer-timestamptz",
      .category = Category::Types,
      .default_severity = Severity::Info,
      .enabled_by_default = false,
      .summary = "timestamp without time zone stores wall-clock times without their offset",
      .description = "A timestamp without time zone loses the offset of the value written: two servers in "
                     "different time zones, or a session whose TimeZone is not UTC, read and write different "
                     "instants. timestamptz stores an absolute instant. Prisma maps DateTime to timestamp(3) "
                     "unless told otherwise.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            for (const auto& c : ctx.written_columns()) {
              if (!c.column_type || c.column_type->base != "timestamp without time zone") continue;
              out.report("column " + quote_ident(*c.table) + "." + quote_ident(c.name) + " is timestamp without time zone",
                         "In schema.prisma use `DateTime @db.Timestamptz(3)` (SQL: `TIMESTAMPTZ(3)`). Converting an "
                         "existing column rewrites the table unless the session TimeZone is UTC (PostgreSQL 12+).",
                         c.span);
            }
          },
  };
}

}  // namespace sg::rules
