// rename-column: ALTER TABLE … RENAME COLUMN on a table that existed before this migration.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo rename_column() {
  return {
      .id = "rename-column",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "Renaming a column breaks the application instances still running",
      .description = "RENAME COLUMN is instant but takes ACCESS EXCLUSIVE, and from the moment it commits every "
                     "deployed Prisma client that still uses the old name fails (P2022 column does not exist) until "
                     "the new code is out.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* r = std::get_if<sql::Rename>(&ctx.statement.body);
            if (!r || r->object_kind != "COLUMN" || (!r->relation_kind.empty() && r->relation_kind != "TABLE")) return;
            std::string schema = StatementContext::schema_of(r->target);
            if (!ctx.table_existed_before_migration(schema, r->target.name)) return;
            const auto* old_table = ctx.before_migration.table(schema, r->target.name);
            if (!old_table || !old_table->column(r->subname)) return;
            Finding& f = out.report(
                "column " + quote_ident(r->subname) + " of " + quote_ident(r->target) + " is renamed to " +
                    quote_ident(r->new_name) + ": deployed code that still uses " + quote_ident(r->subname) + " fails",
                "Keep the database name and rename only in schema.prisma: `" + r->new_name + " … @map(\"" +
                    r->subname + "\")`. To really rename, add the new column, write both, backfill, switch reads, "
                    "then drop the old one over several deploys.");
            f.locks = effects::lock_infos(ctx.effects);
          },
  };
}

}  // namespace sg::rules
