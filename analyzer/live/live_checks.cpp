#include "analyzer/live/live_checks.hpp"

#include <cstdlib>
#include <set>

#include "analyzer/live/introspect.hpp"

namespace sg::live {

std::optional<std::string> database_url_from(const std::string& option) {
  if (!option.empty()) return option;
  if (const char* env = std::getenv("DATABASE_URL"); env && *env) return std::string(env);
  return std::nullopt;
}

StatusRun run_status(const MigrationHistory& history, Session& session) {
  StatusRun run;
  const DatabaseUrl& url = session.url();
  run.rows = read_migrations_table(session, url.schema);
  size_t other_tables = run.rows ? 0 : count_user_tables(session, url.schema);
  run.report = analyze_status({history, run.rows, url.redacted, url.schema, other_tables});
  return run;
}

DriftRun run_drift(const MigrationHistory& history, Session& session) {
  DriftRun run;
  const DatabaseUrl& url = session.url();
  auto rows = read_migrations_table(session, url.schema);
  run.table_missing = !rows;
  run.live = introspect(session);
  DriftInput input{history, rows ? applied_migration_names(*rows) : std::vector<std::string>{}, run.live, url.schema,
                   url.redacted};
  if (rows)
    for (const MigrationRow& r : *rows)
      if (r.failed()) input.failed.push_back(r.migration_name);
  std::set<std::string> available;
  for (const auto& row : session.query("SELECT name FROM pg_catalog.pg_available_extensions"))
    if (!row.empty() && row[0]) available.insert(*row[0]);
  input.available_extensions = std::move(available);
  run.outcome = find_drift(input);
  return run;
}

}  // namespace sg::live
