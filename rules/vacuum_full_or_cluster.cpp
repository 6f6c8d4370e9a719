// vacuum-full-or-cluster: VACUUM FULL or CLUSTER rewrites tables under ACCESS EXCLUSIVE.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo vacuum_full_or_cluster() {
  return {
      .id = "vacuum-full-or-cluster",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "VACUUM FULL and CLUSTER rewrite the table under ACCESS EXCLUSIVE",
      .description = "VACUUM FULL and CLUSTER copy the whole table (and rebuild its indexes) while holding ACCESS "
                     "EXCLUSIVE: no reads or writes for the duration, and twice the disk space is needed.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            std::string what;
            if (const auto* v = std::get_if<sql::Vacuum>(&ctx.statement.body); v && v->full) what = "VACUUM FULL";
            else if (std::holds_alternative<sql::Cluster>(ctx.statement.body)) what = "CLUSTER";
            if (what.empty()) return;
            std::string tables;
            int existing = 0;
            for (const auto& t : ctx.effects.tables) {
              if (!ctx.table_existed_before_migration(t.schema, t.name)) continue;
              if (existing++ < 3) tables += (tables.empty() ? "" : ", ") + effects::display_name(t.schema, t.name);
            }
            if (existing == 0 && ctx.effects.complete) return;
            std::string target = existing == 0 ? std::string("every table") : tables + (existing > 3 ? ", …" : "");
            Finding& f = out.report(what + " rewrites " + target + " under ACCESS EXCLUSIVE: no reads or writes until "
                                        "the copy is done",
                                    "Remove it from the migration. To reclaim space online use pg_repack or "
                                    "pg_squeeze from a maintenance job; plain VACUUM (autovacuum) does not block.");
            f.locks = effects::lock_infos(ctx.effects);
          },
  };
}

}  // namespace sg::rules
