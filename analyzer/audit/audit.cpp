#include "analyzer/audit/audit.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "analyzer/audit/statement_tables.hpp"
#include "analyzer/replay/replay.hpp"

namespace sg::audit {
namespace {

using catalog::TableKey;

struct StatementFacts {
  Span span;
  std::string node;
  Lock lock;
  std::vector<size_t> tables;  // ids into Walk::tables
};

struct MigrationFacts {
  std::vector<StatementFacts> statements;  // the ones the replay ran, in file order
  bool failed = false;
  std::vector<std::string> tables;
};

struct Walk {
  std::vector<MigrationFacts> migrations;  // parallel to history.migrations
  std::vector<TableActivity> tables;       // by id; `name` is the latest name
  std::map<TableKey, size_t> current;      // names at the end of the history -> id
  catalog::Catalog final_catalog;
};

// Replays the history once, noting for every statement the tables it acts on (a table keeps its id through
// renames) and its heaviest lock on data that existed before its migration.
Walk walk(const MigrationHistory& history, int pg_version) {
  Walk w;
  replay::Replayer replayer;
  for (size_t mi = 0; mi < history.migrations.size(); ++mi) {
    const Migration& m = history.migrations[mi];
    MigrationFacts mf;
    std::set<TableKey> existing;
    for (const auto& t : replayer.catalog().tables) existing.insert({t.schema, t.name});
    // A refused file rolls back its renames and drops too; the snapshot is only taken when there is one.
    std::optional<std::pair<std::map<TableKey, size_t>, std::vector<TableActivity>>> names_before;
    auto observer = [&](const sql::Statement& st, const catalog::Catalog& before) {
      StatementFacts sf{st.span, st.node, {}, {}};
      for (const effects::TableEffect& e : effects::effects_of(st, before, pg_version).tables) {
        if (!existing.count({e.schema, e.name})) continue;
        Lock l{e.mode, effects::display_name(e.schema, e.name), e.rewrite, e.scan && !e.rewrite};
        if (heavier(l, sf.lock)) sf.lock = std::move(l);
      }
      auto rename = table_rename(st, before);
      const auto* drop = std::get_if<sql::DropObjects>(&st.body);
      bool drops_tables = drop && drop->object_kind == "TABLE";
      if ((rename || drops_tables) && !names_before) names_before.emplace(w.current, w.tables);
      for (const TableKey& k : tables_named(st, before)) {
        auto [it, added] = w.current.emplace(k, w.tables.size());
        if (added) w.tables.push_back(TableActivity{.name = k});
        TableActivity& t = w.tables[it->second];
        ++t.statements;
        if (t.last_migration != m.name) {
          ++t.migrations;
          if (t.first_migration.empty()) t.first_migration = m.name;
          t.last_migration = m.name;
        }
        sf.tables.push_back(it->second);
        std::string shown = effects::display_name(k.first, k.second);
        if (std::find(mf.tables.begin(), mf.tables.end(), shown) == mf.tables.end()) mf.tables.push_back(shown);
        if (drops_tables) w.current.erase(it);  // a table created later under this name is another table
      }
      if (rename) {
        if (auto it = w.current.find(rename->from); it != w.current.end()) {
          size_t id = it->second;
          w.current.erase(it);
          w.current[rename->to] = id;
          w.tables[id].former_names.push_back(rename->from);
          w.tables[id].name = rename->to;
        }
      }
      mf.statements.push_back(std::move(sf));
    };
    replay::MigrationOutcome outcome = replayer.apply(m, observer);
    if (outcome.error) {
      mf.failed = true;
      if (names_before) {
        // Keep the counts (the statements were still attempted), restore the names.
        std::vector<TableActivity> restored = std::move(names_before->second);
        for (size_t id = 0; id < w.tables.size(); ++id) {
          if (id >= restored.size()) continue;
          w.tables[id].name = restored[id].name;
          w.tables[id].former_names = restored[id].former_names;
        }
        std::map<TableKey, size_t> current = std::move(names_before->first);
        for (const auto& [key, id] : w.current)
          if (id >= restored.size()) current.emplace(key, id);
        w.current = std::move(current);
      }
    }
    w.migrations.push_back(std::move(mf));
  }
  w.final_catalog = replayer.catalog();
  for (auto& t : w.tables) {
    auto it = w.current.find(t.name);
    t.exists_at_end = it != w.current.end() && &w.tables[it->second] == &t &&
                      w.final_catalog.table(t.name.first, t.name.second) != nullptr;
  }
  return w;
}

int severity_rank(const std::optional<Severity>& s) { return s ? static_cast<int>(*s) : -1; }

void raise(std::optional<Severity>& to, Severity s) {
  if (!to || s > *to) to = s;
}

// The statement of `statements` (sorted by position) holding byte `offset`, or null.
StatementRisk* statement_at(std::vector<StatementRisk*>& statements, uint32_t offset) {
  auto it = std::upper_bound(statements.begin(), statements.end(), offset,
                             [](uint32_t off, const StatementRisk* s) { return off < s->location.span.begin; });
  if (it == statements.begin()) return nullptr;
  StatementRisk* s = *(it - 1);
  return offset <= s->location.span.end ? s : nullptr;
}

}  // namespace

void Counts::add(Severity s) {
  switch (s) {
    case Severity::Error: ++errors; break;
    case Severity::Warning: ++warnings; break;
    case Severity::Info: ++infos; break;
  }
}

bool heavier(const Lock& a, const Lock& b) {
  return std::tie(a.mode, a.rewrite, a.scan) > std::tie(b.mode, b.rewrite, b.scan);
}

const char* to_string(Risk r) {
  switch (r) {
    case Risk::None: return "none";
    case Risk::Low: return "low";
    case Risk::Medium: return "medium";
    case Risk::High: return "high";
  }
  return "none";
}

Risk risk_of(const std::optional<Severity>& severity, const Lock& lock, bool refused) {
  if (refused || severity == Severity::Error || (effects::blocks_reads(lock.mode) && (lock.rewrite || lock.scan)))
    return Risk::High;
  if (severity == Severity::Warning || effects::blocks_writes(lock.mode)) return Risk::Medium;
  if (severity || lock.mode != effects::LockMode::None) return Risk::Low;
  return Risk::None;
}

std::optional<std::string> migration_date(std::string_view name) {
  if (name.size() < 14) return std::nullopt;
  int v[14];
  for (size_t i = 0; i < 14; ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    v[i] = name[i] - '0';
  }
  if (name.size() > 14 && name[14] != '_') return std::nullopt;
  int month = v[4] * 10 + v[5], day = v[6] * 10 + v[7], hour = v[8] * 10 + v[9], minute = v[10] * 10 + v[11],
      second = v[12] * 10 + v[13];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::string s(name.substr(0, 14));
  return s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2) + " " + s.substr(8, 2) + ":" + s.substr(10, 2);
}

Audit build_audit(const MigrationHistory& history, std::vector<Finding> findings, int pg_version) {
  Walk w = walk(history, pg_version);
  Audit a;
  a.final_catalog = std::move(w.final_catalog);
  std::unordered_map<std::string, size_t> by_name;
  std::vector<std::vector<StatementRisk>> per_migration(history.migrations.size());
  for (size_t mi = 0; mi < history.migrations.size(); ++mi) {
    const Migration& m = history.migrations[mi];
    MigrationFacts& mf = w.migrations[mi];
    MigrationRisk r;
    r.name = m.name;
    r.path = m.file ? m.file->path() : m.folder.generic_string();
    r.date = migration_date(m.name);
    r.statements = static_cast<uint32_t>(m.parsed.statements.size());
    r.replay_failed = mf.failed;
    r.tables = std::move(mf.tables);
    for (StatementFacts& sf : mf.statements) {
      StatementRisk s;
      s.migration = mi;
      s.location = make_location(m.file, sf.span);
      s.node = std::move(sf.node);
      s.lock = std::move(sf.lock);
      if (heavier(s.lock, r.lock)) r.lock = s.lock;
      per_migration[mi].push_back(std::move(s));
    }
    a.statement_count += r.statements;
    by_name.emplace(m.name, mi);
    a.migrations.push_back(std::move(r));
  }

  sort_findings(findings);
  for (size_t mi = 0; mi < per_migration.size(); ++mi) {
    std::vector<StatementRisk*> index;
    for (auto& s : per_migration[mi]) index.push_back(&s);
    std::sort(index.begin(), index.end(),
              [](const StatementRisk* x, const StatementRisk* y) { return x->location.span.begin < y->location.span.begin; });
    const Migration& m = history.migrations[mi];
    for (const Finding& f : findings) {
      if (f.migration != m.name) continue;
      if (!f.location.file || f.location.file != m.file) continue;
      if (StatementRisk* s = statement_at(index, f.location.span.begin)) {
        raise(s->severity, f.severity);
        if (std::find(s->rules.begin(), s->rules.end(), f.rule) == s->rules.end()) s->rules.push_back(f.rule);
      }
    }
  }
  for (const Finding& f : findings) {
    a.counts.add(f.severity);
    auto it = by_name.find(f.migration);
    if (f.migration.empty() || it == by_name.end()) continue;
    a.migrations[it->second].findings.add(f.severity);
    raise(a.migrations[it->second].severity, f.severity);
  }
  for (auto& list : per_migration)
    for (auto& s : list)
      if (s.severity || s.lock.mode != effects::LockMode::None) a.statements.push_back(std::move(s));
  std::stable_sort(a.statements.begin(), a.statements.end(), [](const StatementRisk& x, const StatementRisk& y) {
    Risk rx = risk_of(x.severity, x.lock), ry = risk_of(y.severity, y.lock);
    if (rx != ry) return rx > ry;
    int sx = severity_rank(x.severity), sy = severity_rank(y.severity);
    if (sx != sy) return sx > sy;
    return heavier(x.lock, y.lock);
  });

  a.tables = std::move(w.tables);
  std::stable_sort(a.tables.begin(), a.tables.end(), [](const TableActivity& x, const TableActivity& y) {
    return std::tie(y.statements, y.migrations, x.name) < std::tie(x.statements, x.migrations, y.name);
  });
  a.findings = std::move(findings);
  return a;
}

std::vector<TableKey> tables_touched(const MigrationHistory& history, const std::set<std::string>& migrations) {
  // The lock model's version does not change which tables a statement names.
  Walk w = walk(history, 15);
  std::set<size_t> ids;
  for (size_t mi = 0; mi < history.migrations.size(); ++mi) {
    if (!migrations.count(history.migrations[mi].name)) continue;
    for (const StatementFacts& sf : w.migrations[mi].statements) ids.insert(sf.tables.begin(), sf.tables.end());
  }
  std::vector<TableKey> out;
  for (size_t id : ids)
    if (w.tables[id].exists_at_end) out.push_back(w.tables[id].name);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace sg::audit
