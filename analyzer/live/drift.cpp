#include "analyzer/live/drift.hpp"

#include <set>

#include "analyzer/integrity/history_checks.hpp"
#include "analyzer/replay/replay.hpp"

namespace sg::live {

namespace {

using diff::Change;
using diff::Difference;

std::string rule_for(const Difference& d) {
  switch (d.change) {
    case Change::Missing: return "drift-missing-object";
    case Change::Extra: return "drift-extra-object";
    case Change::Changed: return "drift-changed-object";
  }
  return "drift-changed-object";
}

std::string help_for(const Difference& d) {
  switch (d.change) {
    case Change::Missing:
      return "Someone dropped it outside the migrations: recreate it by hand, or, if the removal is wanted, add a "
             "migration that drops it so every environment agrees.";
    case Change::Extra:
      return "It was created outside the migrations: capture it in a new migration (`prisma migrate diff "
             "--from-migrations … --to-schema …`) or drop it by hand.";
    case Change::Changed:
      return "Put the database back as the migrations say, or make the change a migration so every environment "
             "gets it.";
  }
  return {};
}

// For each difference, the last applied migration that changed the state of its object, found by replaying
// again and watching the object after each migration. Only run when there is drift.
replay::Replayer make_replayer(const DriftInput& in, catalog::Catalog start = {}) {
  replay::Replayer r(std::move(start));
  if (in.available_extensions) r.set_available_extensions(*in.available_extensions);
  return r;
}

std::vector<std::string> attribute(const DriftInput& in, const std::vector<const Migration*>& applied,
                                   const std::vector<Difference>& diffs) {
  std::vector<std::string> shaped(diffs.size());
  std::vector<std::optional<std::string>> state(diffs.size());
  replay::Replayer replayer = make_replayer(in);
  for (size_t i = 0; i < diffs.size(); ++i) state[i] = diff::state_of(replayer.catalog(), diffs[i]);
  for (const Migration* m : applied) {
    replayer.apply(*m);
    for (size_t i = 0; i < diffs.size(); ++i) {
      auto now = diff::state_of(replayer.catalog(), diffs[i]);
      if (now != state[i]) {
        shaped[i] = m->name;
        state[i] = std::move(now);
      }
    }
  }
  return shaped;
}

}  // namespace

DriftOutcome find_drift(const DriftInput& in) {
  DriftOutcome out;
  std::set<std::string> applied(in.applied.begin(), in.applied.end());
  std::set<std::string> failed(in.failed.begin(), in.failed.end());
  std::vector<const Migration*> to_replay;
  replay::Replayer replayer = make_replayer(in);
  for (const Migration& m : in.history.migrations) {
    if (!m.readable) continue;
    if (applied.count(m.name)) {
      replay::MigrationOutcome r = replayer.apply(m);
      if (r.error) ++out.replay_errors;
      to_replay.push_back(&m);
    } else if (failed.count(m.name) && !applied.count(m.name)) {
      // Only a failure the replay predicts tells what PostgreSQL kept (up to the last COMMIT before it); a
      // failure it cannot see (data, locks) most often left nothing, as the file's implicit transaction
      // rolled back whole. A probe from the current catalog decides which.
      replay::Replayer probe = make_replayer(in, replayer.catalog());
      if (!probe.apply(m).error) continue;
      replayer.apply(m);
      to_replay.push_back(&m);
    }
  }
  out.replayed = to_replay.size();
  out.expected = replayer.catalog();

  diff::DiffOptions opts;
  opts.ignored_tables.emplace_back(in.migrations_schema, "_prisma_migrations");
  out.differences = diff::diff_catalogs(out.expected, in.live, opts);
  out.shaped_by = out.differences.empty() ? std::vector<std::string>{} : attribute(in, to_replay, out.differences);

  std::map<std::string, const Migration*> by_name;
  for (const Migration* m : to_replay) by_name.emplace(m->name, m);
  for (size_t i = 0; i < out.differences.size(); ++i) {
    const Difference& d = out.differences[i];
    const std::string& shaped = out.shaped_by[i];
    std::string message = d.describe();
    Location at = make_location(in.database);
    if (!shaped.empty()) {
      const Migration* m = by_name[shaped];
      message += d.change == Change::Extra ? " (migration `" + shaped + "` removed it)"
                                           : " (expected state made by migration `" + shaped + "`)";
      at = make_location(integrity::migration_display_path(*m));
    }
    Finding f = integrity::make_finding(rule_for(d), Severity::Error, at, message, help_for(d), shaped);
    if (!shaped.empty()) f.related.push_back({make_location(in.database), "live database"});
    out.findings.push_back(std::move(f));
  }
  return out;
}

}  // namespace sg::live
