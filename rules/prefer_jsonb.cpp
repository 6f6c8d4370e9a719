// prefer-jsonb: a json column (Prisma maps Json to jsonb unless @db.Json is given).
#include "rules/column_defs.hpp"
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo prefer_jsonb() {
  return {
      .id = "prefer-jsonb",
      .category = Category::Types,
      .default_severity = Severity::Info,
      .summary = "json stores text: no equality, no indexes, reparsed on every access",
      .description = "The json type keeps the input text as is: it has no equality operator (DISTINCT, GROUP BY "
                     "and UNIQUE fail), cannot be indexed with GIN and is parsed again on every access. jsonb "
                     "stores a parsed binary form.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            for (const auto& c : ctx.written_columns()) {
              if (!c.column_type || c.column_type->base != "json") continue;
              out.report("column " + quote_ident(*c.table) + "." + quote_ident(c.name) + " is json, not jsonb",
                         "In schema.prisma drop `@db.Json` from the `Json` field (Prisma's default is jsonb; SQL: "
                         "`JSONB`).",
                         c.span);
            }
          },
  };
}

}  // namespace sg::rules
