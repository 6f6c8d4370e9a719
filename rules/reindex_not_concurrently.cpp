// reindex-not-concurrently: REINDEX TABLE/INDEX without CONCURRENTLY on an existing table.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo reindex_not_concurrently() {
  return {
      .id = "reindex-not-concurrently",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "REINDEX without CONCURRENTLY blocks writes to the table while indexes are rebuilt",
      .description = "REINDEX takes a SHARE lock on the table (writes wait) and an ACCESS EXCLUSIVE lock on each "
                     "index it rebuilds (queries that would use the index wait) for the whole rebuild.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* r = std::get_if<sql::Reindex>(&ctx.statement.body);
            if (!r || r->concurrently || ctx.effects.tables.empty()) return;
            const auto& t = ctx.effects.tables.front();
            if (!ctx.table_existed_before_migration(t.schema, t.name)) return;
            std::string help = ctx.pg_version >= 12
                                   ? "Use `REINDEX " + r->object_kind + " CONCURRENTLY " + quote_ident(r->target) +
                                         ";` alone in a migration file of its own (it cannot run in a transaction)."
                                   : "PostgreSQL " + std::to_string(ctx.pg_version) +
                                         " has no REINDEX CONCURRENTLY: build a replacement with `CREATE INDEX "
                                         "CONCURRENTLY`, drop the old index with `DROP INDEX CONCURRENTLY` and rename "
                                         "the new one, each in its own migration.";
            Finding& f = out.report("REINDEX of " + quote_ident(r->target) + " without CONCURRENTLY blocks writes to " +
                                        effects::display_name(t.schema, t.name) + " until every index is rebuilt",
                                    help);
            f.locks = effects::lock_infos(ctx.effects);
          },
  };
}

}  // namespace sg::rules
