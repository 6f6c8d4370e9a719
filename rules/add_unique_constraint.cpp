// add-unique-constraint: ALTER TABLE … ADD CONSTRAINT … UNIQUE on an existing table builds the index under
// ACCESS EXCLUSIVE.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo add_unique_constraint() {
  return {
      .id = "add-unique-constraint",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "Adding a UNIQUE constraint builds its index while the table is locked",
      .description = "ADD CONSTRAINT … UNIQUE builds a unique index under ACCESS EXCLUSIVE: every read and write "
                     "waits for the whole build, and the migration fails (23505) if duplicates exist. A unique "
                     "index built CONCURRENTLY can be attached instantly with UNIQUE USING INDEX.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            for (const auto& [alter, cmd, k] : constraints_added_to_existing_table(ctx, sql::ConstraintKind::Unique)) {
              if (!k.index_name.empty()) continue;
              std::string name = quote_ident(k.name.empty() ? alter.name.name + "_key" : k.name);
              std::string cols = quote_ident_list(k.keys);
              Finding& f = out.report(
                  "UNIQUE constraint " + name + " builds its index on existing table " + quote_ident(alter.name) +
                      " under ACCESS EXCLUSIVE: reads and writes wait for the whole build",
                  "Build the index without blocking in a migration of its own: `CREATE UNIQUE INDEX CONCURRENTLY " +
                      name + " ON " + quote_ident(alter.name) + " (" + cols + ");`, then `ALTER TABLE " +
                      quote_ident(alter.name) + " ADD CONSTRAINT " + name + " UNIQUE USING INDEX " + name + ";`. "
                      "(Prisma's @unique/@@unique are unique indexes: `CREATE UNIQUE INDEX CONCURRENTLY` alone is enough.)",
                  cmd.span);
              f.locks = effects::lock_infos(ctx.effects);
            }
          },
  };
}

}  // namespace sg::rules
