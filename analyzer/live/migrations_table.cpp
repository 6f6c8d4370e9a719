#include "analyzer/live/migrations_table.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace sg::live {

namespace {
std::string quote_ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}
}  // namespace

std::optional<std::vector<MigrationRow>> read_migrations_table(Session& session, const std::string& schema) {
  auto exists = session.query("SELECT to_regclass(quote_ident($1) || '._prisma_migrations') IS NOT NULL", {schema});
  if (exists.empty() || !pg_bool(exists[0][0])) return std::nullopt;
  std::string table = quote_ident(schema) + "._prisma_migrations";
  auto rows = session.query(
      "SELECT id, checksum, finished_at::text, migration_name, logs, rolled_back_at::text, started_at::text, "
      "applied_steps_count FROM " + table + " ORDER BY started_at, id");
  std::vector<MigrationRow> out;
  out.reserve(rows.size());
  for (auto& r : rows) {
    MigrationRow m;
    m.id = r[0].value_or("");
    m.checksum = r[1].value_or("");
    m.finished_at = r[2];
    m.migration_name = r[3].value_or("");
    m.logs = r[4];
    m.rolled_back_at = r[5];
    m.started_at = r[6].value_or("");
    const std::string steps = r[7].value_or("0");
    std::from_chars(steps.data(), steps.data() + steps.size(), m.applied_steps_count);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::string> applied_migration_names(const std::vector<MigrationRow>& rows) {
  std::set<std::string> names;
  for (const MigrationRow& r : rows)
    if (r.finished() && !r.rolled_back()) names.insert(r.migration_name);
  return {names.begin(), names.end()};
}

size_t count_user_tables(Session& session, const std::string& schema) {
  auto rows = session.query(
      "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'",
      {schema});
  return rows.empty() ? 0 : static_cast<size_t>(std::stoull(rows[0][0].value_or("0")));
}

}  // namespace sg::live
