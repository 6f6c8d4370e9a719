// add-column-volatile-default: ADD COLUMN whose default is computed per row (gen_random_uuid(), random(),
// clock_timestamp(), serial, identity, generated) on an existing table; before PostgreSQL 11, any default.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo add_column_volatile_default() {
  return {
      .id = "add-column-volatile-default",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "Adding a column with a volatile default rewrites the whole table",
      .description = "Since PostgreSQL 11 a constant (or stable, like now()) default is stored once in the catalog. "
                     "A volatile default (gen_random_uuid(), random(), clock_timestamp(), a serial or identity "
                     "column, a stored generated column) must be computed for every row: the table is rewritten "
                     "under ACCESS EXCLUSIVE. Before PostgreSQL 11 every non-null default rewrites the table.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* alter = alter_of_existing_table(ctx);
            if (!alter) return;
            std::string schema = StatementContext::schema_of(alter->name);
            for (const auto& cmd : alter->commands) {
              if (cmd.kind != sql::AlterKind::AddColumn || !cmd.column) continue;
              auto eff = effects::effects_of_command(*alter, cmd, ctx.before, ctx.pg_version);
              const auto* e = eff.find(schema, alter->name.name);
              if (!e || !e->rewrite) continue;
              std::string t = quote_ident(alter->name);
              std::string c = quote_ident(cmd.column->name);
              Finding& f = out.report(
                  "adding " + c + " rewrites existing table " + t + " under ACCESS EXCLUSIVE: " + e->why,
                  ctx.pg_version < 11
                      ? "On PostgreSQL " + std::to_string(ctx.pg_version) + ", add the column without a default, "
                            "then `ALTER TABLE " + t + " ALTER COLUMN " + c + " SET DEFAULT …;` and backfill old "
                            "rows in batches."
                      : "Add the column without the default (`ALTER TABLE " + t + " ADD COLUMN " + c +
                            " <type>;`), set the default for new rows (`ALTER TABLE " + t + " ALTER COLUMN " + c +
                            " SET DEFAULT …;`), then backfill old rows in batches. In schema.prisma, a client-side "
                            "default (@default(uuid()), @default(cuid())) avoids the database default entirely.",
                  cmd.span);
              f.locks.push_back(effects::to_lock_info(*e));
            }
          },
  };
}

}  // namespace sg::rules
