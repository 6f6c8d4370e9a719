// drop-enum-value: Prisma removes enum values by recreating the type: CREATE TYPE "X_new" AS ENUM (…),
// ALTER COLUMN … TYPE "X_new" USING (…::text::"X_new"), DROP TYPE "X_old". Rows holding a removed value make
// the cast fail (22P02) and the deploy stops; a DROP TYPE of a used enum fails too.
#include <algorithm>

#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo drop_enum_value() {
  return {
      .id = "drop-enum-value",
      .category = Category::DataLoss,
      .default_severity = Severity::Error,
      .summary = "Enum values are removed: rows holding them make the migration fail",
      .description = "PostgreSQL cannot drop a value from an enum, so Prisma creates a new type without it, casts "
                     "every column to the new type (a table rewrite under ACCESS EXCLUSIVE) and drops the old type. "
                     "Any row that still holds a removed value makes the cast fail with `invalid input value for "
                     "enum` (22P02), and the deploy stops.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* ce = std::get_if<sql::CreateEnum>(&ctx.statement.body);
            if (!ce || !ce->name.name.ends_with("_new")) return;
            std::string schema = StatementContext::schema_of(ce->name);
            std::string base = ce->name.name.substr(0, ce->name.name.size() - 4);
            const auto* old_enum = ctx.before_migration.enum_type(schema, base);
            if (!old_enum || !ctx.before.enum_type(schema, base)) return;
            std::vector<std::string> removed;
            for (const auto& v : old_enum->values)
              if (std::find(ce->values.begin(), ce->values.end(), v) == ce->values.end()) removed.push_back(v);
            // Values the file itself moves rows off first (UPDATE/DELETE … 'value' before the new type) are safe.
            if (ctx.migration.file)
              for (uint32_t i : ctx.file->updates_and_deletes_before(ctx.statement.index)) {
                std::string_view text = ctx.migration.file->slice(ctx.file->span(i));
                std::erase_if(removed, [&](const std::string& v) { return text.find("'" + v + "'") != std::string_view::npos; });
              }
            // A USING clause that maps values (CASE …) instead of Prisma's plain cast converts the removed ones.
            if (ctx.file->values_converted_to_after(ce->name.name, ctx.statement.index)) return;
            if (removed.empty()) return;
            std::string list;
            for (const auto& v : removed) list += (list.empty() ? "'" : ", '") + v + "'";
            // Which columns use the enum: they are the ones rewritten and the ones whose rows may fail.
            std::string columns;
            const std::string quoted = quote_ident(base), quoted_array = quoted + "[]";
            for (const auto& t : ctx.before.tables)
              for (const auto& c : t.columns)
                if (c.type == quoted || c.type == base || c.type == quoted_array)
                  columns += (columns.empty() ? "" : ", ") + quote_ident(t.name) + "." + quote_ident(c.name);
            out.report("enum " + quote_ident(base) + " loses value(s) " + list + (columns.empty() ? "" : " used by " + columns) +
                           ": rows holding them make the migration fail (22P02), and the columns are rewritten",
                       "First move the data off the removed values in a separate migration (`UPDATE \"T\" SET \"col\" = "
                       "'OTHER' WHERE \"col\" IN (" + list + ");`), deploy code that no longer writes them, then "
                       "remove them from the enum in schema.prisma.",
                       ce->name.span);
          },
  };
}

}  // namespace sg::rules
