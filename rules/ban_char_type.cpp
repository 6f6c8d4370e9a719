// ban-char-type: character(n) columns pad values with spaces.
#include "rules/column_defs.hpp"
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo ban_char_type() {
  return {
      .id = "ban-char-type",
      .category = Category::Types,
      .default_severity = Severity::Info,
      .summary = "char(n) pads values with spaces and is never faster than text",
      .description = "character(n) pads every value to n characters with spaces, which are ignored by some "
                     "comparisons and not others, and it is stored exactly like text. Prisma writes it for "
                     "`@db.Char(n)`.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            for (const auto& c : ctx.written_columns()) {
              if (!c.column_type || c.column_type->base != "character") continue;
              out.report("column " + quote_ident(*c.table) + "." + quote_ident(c.name) + " is " + c.column_type->to_string() +
                             ": values are padded with spaces",
                         "In schema.prisma use `String` (text) or `String @db.VarChar(n)` instead of `@db.Char(n)`; "
                         "add a CHECK constraint if the length must be exact.",
                         c.span);
            }
          },
  };
}

}  // namespace sg::rules
