#include "analyzer/live/status.hpp"

#include <algorithm>
#include <map>

#include "analyzer/integrity/checksum.hpp"
#include "analyzer/integrity/history_checks.hpp"

namespace sg::live {

namespace {

using integrity::make_finding;
using integrity::migration_display_path;

std::string first_line(const std::string& s) {
  std::string l = s.substr(0, s.find('\n'));
  return l.size() > 300 ? l.substr(0, 300) + "…" : l;
}

// The row that decides a migration's state: a finished, not rolled back row wins; then a failed one; then
// the latest rolled-back one. Several rows per name happen after `migrate resolve --rolled-back` and a retry.
const MigrationRow* deciding_row(const std::vector<const MigrationRow*>& rows) {
  const MigrationRow* failed = nullptr;
  const MigrationRow* rolled_back = nullptr;
  for (const MigrationRow* r : rows) {
    if (r->finished() && !r->rolled_back()) return r;
    if (r->failed()) failed = r;
    else if (r->rolled_back()) rolled_back = r;
  }
  return failed ? failed : rolled_back;
}

Location location_of(const StatusEntry& e, const MigrationHistory& h) {
  if (e.local) return make_location(migration_display_path(*e.local));
  std::filesystem::path root = h.root;
  return make_location((root / e.name).generic_string());
}

}  // namespace

const char* to_string(MigrationState s) {
  switch (s) {
    case MigrationState::Applied: return "applied";
    case MigrationState::Edited: return "edited after apply";
    case MigrationState::Pending: return "pending";
    case MigrationState::Failed: return "failed";
    case MigrationState::RolledBack: return "rolled back";
    case MigrationState::MissingLocally: return "missing locally";
  }
  return "pending";
}

StatusReport analyze_status(const StatusInput& in) {
  StatusReport out;
  const MigrationHistory& h = in.history;
  if (!in.rows) {
    out.table_missing = true;
    std::string where = in.schema + "._prisma_migrations";
    bool p3005 = in.other_tables > 0;
    out.findings.push_back(make_finding(
        "migrations-table-missing", p3005 ? Severity::Error : Severity::Warning, make_location(in.database),
        p3005 ? "the database has " + std::to_string(in.other_tables) + " table(s) in schema `" + in.schema +
                    "` but no " + where + "; `prisma migrate deploy` refuses a non-empty database (P3005)"
              : "the database has no " + where + " table; every migration is pending",
        p3005 ? "Baseline it: check the schema matches the history, then mark each migration applied with "
                "`prisma migrate resolve --applied <name>`."
              : "Run `prisma migrate deploy` to create the table and apply the history (check the URL's ?schema= "
                "if the table should exist)."));
  }
  std::map<std::string, std::vector<const MigrationRow*>> rows_by_name;
  if (in.rows)
    for (const MigrationRow& r : *in.rows) rows_by_name[r.migration_name].push_back(&r);

  std::string last_applied;
  for (const Migration& m : h.migrations) {
    StatusEntry e;
    e.name = m.name;
    e.local = &m;
    auto it = rows_by_name.find(m.name);
    const MigrationRow* row = it == rows_by_name.end() ? nullptr : deciding_row(it->second);
    if (row) e.row = *row;
    if (!row || row->rolled_back()) {
      e.state = row && row->rolled_back() ? MigrationState::RolledBack : MigrationState::Pending;
    } else if (row->failed()) {
      e.state = MigrationState::Failed;
    } else {
      bool same = m.file ? integrity::checksum_matches(row->checksum, m.file->text()) : row->checksum == m.checksum;
      e.state = same ? MigrationState::Applied : MigrationState::Edited;
      last_applied = std::max(last_applied, m.name);
    }
    out.entries.push_back(std::move(e));
  }
  for (const auto& [name, rows] : rows_by_name) {
    bool local = std::any_of(h.migrations.begin(), h.migrations.end(), [&](const Migration& m) { return m.name == name; });
    if (local) continue;
    const MigrationRow* row = deciding_row(rows);
    if (!row || row->rolled_back()) continue;  // resolved as rolled back: Prisma ignores the row
    StatusEntry e;
    e.name = name;
    e.row = *row;
    e.state = row->failed() ? MigrationState::Failed : MigrationState::MissingLocally;
    out.entries.push_back(std::move(e));
  }

  for (const StatusEntry& e : out.entries) {
    Location at = location_of(e, h);
    switch (e.state) {
      case MigrationState::Applied: ++out.applied; break;
      case MigrationState::Edited: {
        ++out.applied;
        ++out.edited;
        Finding f = make_finding(
            "migration-edited-after-apply", Severity::Error, at,
            "migration `" + e.name + "` was edited after it was applied to this database (its checksum no longer "
            "matches `_prisma_migrations`); the database does not have what the file now says",
            "Revert the file to the applied version and put the change in a new migration; `prisma migrate dev` "
            "would otherwise ask to reset the development database.",
            e.name);
        f.related.push_back({make_location(in.database), "applied checksum " + e.row->checksum});
        out.findings.push_back(std::move(f));
        break;
      }
      case MigrationState::Pending: {
        ++out.pending;
        bool out_of_order = !last_applied.empty() && e.name < last_applied;
        out.findings.push_back(make_finding(
            out_of_order ? "migration-pending-out-of-order" : "migration-pending",
            out_of_order ? Severity::Warning : Severity::Info, at,
            out_of_order ? "migration `" + e.name + "` is not applied but sorts before `" + last_applied +
                               "`, which is; `prisma migrate deploy` will apply it after newer migrations"
                         : "migration `" + e.name + "` is not applied yet; `prisma migrate deploy` will apply it",
            out_of_order ? "Check that it does not depend on the state before the newer migrations; if it does, "
                           "recreate it with a current timestamp."
                         : "Nothing to do before a deploy; review it with `schemagate lint`.",
            e.name));
        break;
      }
      case MigrationState::Failed:
        ++out.failed;
        out.findings.push_back(make_finding(
            "migration-failed", Severity::Error, at,
            "migration `" + e.name + "` failed on this database" +
                (e.row && e.row->logs ? " (" + first_line(*e.row->logs) + ")" : std::string()) +
                "; `prisma migrate deploy` refuses to run until it is resolved (P3009)",
            "Fix the database by hand (undo what the failed migration did partially), then run `prisma migrate "
            "resolve --rolled-back " + e.name + "` (or `--applied` if you completed it by hand).",
            e.name));
        break;
      case MigrationState::RolledBack:
        ++out.rolled_back;
        ++out.pending;
        out.findings.push_back(make_finding(
            "migration-rolled-back", Severity::Info, at,
            "migration `" + e.name + "` was marked rolled back; `prisma migrate deploy` will apply it again",
            "Make sure the file is fixed so that the next deploy succeeds.", e.name));
        break;
      case MigrationState::MissingLocally:
        ++out.missing_locally;
        out.findings.push_back(make_finding(
            "migration-missing-locally", Severity::Error, at,
            "migration `" + e.name + "` is applied to this database but has no folder in the migrations folder; "
            "the database has changes the history does not know about",
            "Restore the folder from version control (or from the branch that created it); never delete applied "
            "migrations.",
            e.name));
        break;
    }
  }
  return out;
}

std::string render_status_summary(const StatusReport& r, const std::string& database) {
  std::string out = "Database " + database + "\n";
  if (r.table_missing) out += "  no _prisma_migrations table\n";
  out += "  " + std::to_string(r.entries.size()) + " migrations: " + std::to_string(r.applied) + " applied, " +
         std::to_string(r.pending) + " pending, " + std::to_string(r.failed) + " failed, " +
         std::to_string(r.rolled_back) + " rolled back, " + std::to_string(r.edited) + " edited after apply, " +
         std::to_string(r.missing_locally) + " missing locally\n";
  for (const StatusEntry& e : r.entries)
    if (e.state != MigrationState::Applied) out += "  " + std::string(to_string(e.state)) + ": " + e.name + "\n";
  if (r.pending == 0 && r.failed == 0 && r.edited == 0 && r.missing_locally == 0 && !r.table_missing)
    out += "  Database schema is up to date.\n";
  return out + "\n";
}

}  // namespace sg::live
