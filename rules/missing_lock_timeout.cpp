// missing-lock-timeout: the first statement of a file that takes a write-blocking lock on an existing table,
// when no `SET lock_timeout` came earlier in the file. Reported once per file.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {
namespace {

// The first table existing before the migration on which `e` takes a lock that blocks writes.
const effects::TableEffect* blocking_lock(const StatementContext& ctx, const effects::StatementEffects& e) {
  for (const auto& t : e.tables)
    if (effects::blocks_writes(t.mode) && ctx.before_migration.table(t.schema, t.name)) return &t;
  return nullptr;
}

bool sets_lock_timeout(const sql::Statement& st) {
  const auto* s = std::get_if<sql::SetVariable>(&st.body);
  return s && s->name == "lock_timeout" && !s->reset && !s->values.empty() && s->values[0] != "0";
}

}  // namespace

RuleInfo missing_lock_timeout() {
  return {
      .id = "missing-lock-timeout",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "A blocking lock is requested on an existing table without a lock_timeout",
      .description = "A lock request waits behind every running query on the table, and every query that arrives "
                     "later waits behind the request: one slow report turns an instant ALTER into an outage. "
                     "`SET lock_timeout` makes the migration fail fast instead, so it can be retried.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* lock = blocking_lock(ctx, ctx.effects);
            if (!lock) return;
            const auto& sts = ctx.migration.parsed.statements;
            for (size_t i = 0; i < ctx.statement.index && i < sts.size(); ++i) {
              if (sets_lock_timeout(sts[i])) return;
              // Reported once per file: an earlier blocking statement already carries the finding.
              if (blocking_lock(ctx, ctx.effects_at_migration_start(i))) return;
            }
            Finding& f = out.report(
                std::string(effects::to_string(lock->mode)) + " on existing table " +
                    effects::display_name(lock->schema, lock->name) +
                    " is requested without a lock_timeout: while it waits for running queries, every new query on "
                    "the table queues behind it",
                "Start the file with `SET lock_timeout = '5s';` (and retry the deploy if it times out). Note that a "
                "SET makes the file multi-statement, so keep CONCURRENTLY statements in files of their own.");
            f.locks = effects::lock_infos(ctx.effects);
          },
  };
}

}  // namespace sg::rules
