// prisma-m2m-pk-upgrade: Prisma 6 turns the unique index of an implicit many-to-many table into a primary key
// (`_AToB_AB_pkey`), which builds a new index under ACCESS EXCLUSIVE on a table that can be large.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo prisma_m2m_pk_upgrade() {
  return {
      .id = "prisma-m2m-pk-upgrade",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "Prisma 6's many-to-many primary key upgrade locks the join table while the key is built",
      .description = "Upgrading to Prisma 6 generates `ALTER TABLE \"_AToB\" ADD CONSTRAINT \"_AToB_AB_pkey\" "
                     "PRIMARY KEY (\"A\", \"B\")` and `DROP INDEX \"_AToB_AB_unique\"` for every implicit "
                     "many-to-many relation. The primary key builds a new unique index under ACCESS EXCLUSIVE: "
                     "reads and writes of the relation wait for the whole build.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* alter = std::get_if<sql::AlterTable>(&ctx.statement.body);
            if (!alter || !alter->name.name.starts_with("_")) return;
            std::string schema = StatementContext::schema_of(alter->name);
            if (!ctx.table_existed_before_migration(schema, alter->name.name)) return;
            for (const auto& cmd : alter->commands) {
              if (cmd.kind != sql::AlterKind::AddConstraint || !cmd.constraint) continue;
              const auto& k = *cmd.constraint;
              if (k.kind != sql::ConstraintKind::PrimaryKey || !k.index_name.empty()) continue;
              if (k.keys != std::vector<std::string>{"A", "B"}) continue;
              const std::string& t = alter->name.name;
              std::string pkey = k.name.empty() ? t + "_AB_pkey" : k.name;
              Finding& f = out.report(
                  "the primary key " + quote_ident(pkey) + " of many-to-many table " + quote_ident(alter->name) +
                      " is built under ACCESS EXCLUSIVE: every query on the relation waits until the index is built",
                  "Build the index first in a migration of its own: `CREATE UNIQUE INDEX CONCURRENTLY " + quote_ident(pkey) +
                      " ON " + quote_ident(alter->name) + " (\"A\", \"B\");`, then in the next migration `ALTER TABLE " +
                      quote_ident(alter->name) + " ADD CONSTRAINT " + quote_ident(pkey) + " PRIMARY KEY USING INDEX " +
                      quote_ident(pkey) + "; DROP INDEX " + quote_ident(t + "_AB_unique") + ";` (instant).",
                  cmd.span);
              f.locks = effects::lock_infos(ctx.effects);
            }
          },
  };
}

}  // namespace sg::rules
