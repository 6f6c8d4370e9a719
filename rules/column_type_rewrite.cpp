// column-type-rewrite: ALTER COLUMN … TYPE that rewrites an existing table (int -> bigint, text -> jsonb, ...).
// Binary-coercible changes (varchar(n) -> varchar(m > n), varchar -> text, numeric precision up) are not flagged.
#include "analyzer/effects/column_type.hpp"
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo column_type_rewrite() {
  return {
      .id = "column-type-rewrite",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "Changing a column's type rewrites the whole table under ACCESS EXCLUSIVE",
      .description = "Unless the new type is binary-coercible with the old one (varchar(n) to a longer varchar or "
                     "text, numeric with more precision and the same scale), ALTER COLUMN … TYPE converts every "
                     "row and rebuilds every index of the table while holding ACCESS EXCLUSIVE: no reads, no writes.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            for (const auto& [alter, cmd, col] : changes_to_existing_columns(ctx, sql::AlterKind::AlterColumnType)) {
              if (!cmd.column) continue;
              auto eff = effects::effects_of_command(alter, cmd, ctx.before, ctx.pg_version);
              const auto* effect = eff.find(StatementContext::schema_of(alter.name), alter.name.name);
              if (!effect || !effect->rewrite) continue;
              auto to = effects::from_type_name(cmd.column->type);
              auto from = effects::parse_catalog_type(col.type);
              std::string to_text = to ? to->to_string() : std::string("the new type");
              std::string t = quote_ident(alter.name);
              std::string c = quote_ident(cmd.name);
              bool tz = to && from.base.starts_with("timestamp") && to->base.starts_with("timestamp");
              Finding& f = out.report(
                  "changing " + t + "." + c + " from " + from.to_string() + " to " + to_text +
                      " rewrites the table and its indexes under ACCESS EXCLUSIVE" +
                      (tz && ctx.pg_version >= 12 ? std::string(" (unless the session TimeZone is UTC)") : std::string()),
                  "On a large table, add a new column instead: `ALTER TABLE " + t + " ADD COLUMN " +
                      quote_ident(cmd.name + "_new") + " " + to_text + ";`, keep it in sync from the application (or a "
                      "trigger), backfill it in batches, then swap the columns in a short migration. Widening "
                      "varchar/numeric (or varchar -> text) needs no rewrite.",
                  cmd.span);
              f.locks.push_back(effects::to_lock_info(*effect));
            }
          },
  };
}

}  // namespace sg::rules
