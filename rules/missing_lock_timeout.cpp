// missing-lock-timeout: the first statement of a file that takes a write-blocking lock on an existing table,
// when no `SET lock_timeout` came earlier in the file. Reported once per file.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

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
            const auto* lock = blocking_lock_on_existing(ctx.effects, ctx.before_migration);
            if (!lock) return;
            // Reported once per file: an earlier blocking statement already carries the finding.
            if (ctx.file->lock_timeout_or_blocking_lock_before(ctx.statement.index)) return;
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
