// refresh-materialized-view-not-concurrently: REFRESH MATERIALIZED VIEW without CONCURRENTLY on a view that
// existed before this migration.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo refresh_materialized_view_not_concurrently() {
  return {
      .id = "refresh-materialized-view-not-concurrently",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks reads of the view",
      .description = "A plain refresh takes ACCESS EXCLUSIVE on the materialized view and re-runs its query: every "
                     "SELECT on the view waits until the refresh is done. CONCURRENTLY takes only EXCLUSIVE (reads "
                     "go on) but needs a unique index on the view.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* r = std::get_if<sql::RefreshMaterializedView>(&ctx.statement.body);
            if (!r || r->concurrently || r->with_no_data) return;
            std::string schema = StatementContext::schema_of(r->name);
            const auto* v = ctx.before_migration.view(schema, r->name.name);
            if (!v || !v->materialized) return;
            Finding& f = out.report(
                "materialized view " + quote_ident(r->name) + " is refreshed without CONCURRENTLY: every read of it waits "
                "until its query has run again",
                "Give the view a unique index (`CREATE UNIQUE INDEX ON " + quote_ident(r->name) + " (…);`) and use "
                "`REFRESH MATERIALIZED VIEW CONCURRENTLY " + quote_ident(r->name) + ";`, ideally from a job rather than "
                "a migration.");
            f.locks = effects::lock_infos(ctx.effects);
          },
  };
}

}  // namespace sg::rules
