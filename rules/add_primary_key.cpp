// add-primary-key: ALTER TABLE … ADD PRIMARY KEY on an existing table builds its index (and checks NOT NULL)
// under ACCESS EXCLUSIVE. Prisma's many-to-many upgrade has its own rule, prisma-m2m-pk-upgrade.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo add_primary_key() {
  return {
      .id = "add-primary-key",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "Adding a primary key builds its index while the table is locked",
      .description = "ADD PRIMARY KEY builds a unique index and sets NOT NULL on the key columns under ACCESS "
                     "EXCLUSIVE: every read and write waits for the index build and the NULL scan.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            for (const auto& [alter, cmd, k] : constraints_added_to_existing_table(ctx, sql::ConstraintKind::PrimaryKey)) {
              if (!k.index_name.empty()) continue;
              bool m2m = alter.name.name.starts_with("_") && k.keys == std::vector<std::string>{"A", "B"};
              if (m2m) continue;  // prisma-m2m-pk-upgrade
              std::string name = quote_ident(k.name.empty() ? alter.name.name + "_pkey" : k.name);
              std::string cols = quote_ident_list(k.keys);
              Finding& f = out.report(
                  "primary key " + name + " is built on existing table " + quote_ident(alter.name) +
                      " under ACCESS EXCLUSIVE: reads and writes wait for the index build",
                  "Build the index first in a migration of its own: `CREATE UNIQUE INDEX CONCURRENTLY " + name +
                      " ON " + quote_ident(alter.name) + " (" + cols + ");`, make the columns NOT NULL (see set-not-null), "
                      "then `ALTER TABLE " + quote_ident(alter.name) + " ADD CONSTRAINT " + name +
                      " PRIMARY KEY USING INDEX " + name + ";`.",
                  cmd.span);
              f.locks = effects::lock_infos(ctx.effects);
            }
          },
  };
}

}  // namespace sg::rules
