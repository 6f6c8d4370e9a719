// set-not-null: ALTER COLUMN … SET NOT NULL on an existing nullable column, which scans the table under
// ACCESS EXCLUSIVE unless a validated CHECK (col IS NOT NULL) proves it (PostgreSQL 12+).
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo set_not_null() {
  return {
      .id = "set-not-null",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE",
      .description = "ALTER COLUMN … SET NOT NULL checks every row for NULL while holding ACCESS EXCLUSIVE: no "
                     "query can read or write the table meanwhile, and the migration fails (23502) if a NULL is "
                     "found. Since PostgreSQL 12 a validated CHECK (col IS NOT NULL) constraint lets it skip the scan.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            for (const auto& [alter, cmd, col] : changes_to_existing_columns(ctx, sql::AlterKind::SetNotNull)) {
              const auto* effect = ctx.effects.find(StatementContext::schema_of(alter.name), alter.name.name);
              if (!effect || !effect->scan || !col.nullable) continue;
              std::string t = quote_ident(alter.name);
              std::string c = quote_ident(cmd.name);
              std::string chk = quote_ident(alter.name.name + "_" + cmd.name + "_not_null");
              std::string help =
                  ctx.pg_version >= 12
                      ? "Prove it first without blocking: `ALTER TABLE " + t + " ADD CONSTRAINT " + chk + " CHECK (" + c +
                            " IS NOT NULL) NOT VALID;`, in a later migration `ALTER TABLE " + t +
                            " VALIDATE CONSTRAINT " + chk + ";`, then `ALTER TABLE " + t + " ALTER COLUMN " + c +
                            " SET NOT NULL;` (no scan) and `ALTER TABLE " + t + " DROP CONSTRAINT " + chk + ";`."
                      : "PostgreSQL " + std::to_string(ctx.pg_version) +
                            " cannot use a CHECK constraint to skip the scan: keep `CHECK (" + c +
                            " IS NOT NULL) NOT VALID` + VALIDATE instead of SET NOT NULL, or run it in a quiet window.";
              Finding& f = out.report("SET NOT NULL on " + t + "." + c +
                                          " scans every row while ACCESS EXCLUSIVE blocks all reads and writes",
                                      help, cmd.span);
              f.locks.push_back(effects::to_lock_info(*effect));
            }
          },
  };
}

}  // namespace sg::rules
