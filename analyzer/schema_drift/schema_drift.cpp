#include "analyzer/schema_drift/schema_drift.hpp"

#include <algorithm>
#include <map>

#include "analyzer/replay/replay.hpp"

namespace sg::schema_drift {
namespace {

using diff::Change;
using diff::Difference;
using diff::ObjectKind;

bool managed(ObjectKind k) {
  switch (k) {
    case ObjectKind::Table: case ObjectKind::Column: case ObjectKind::PrimaryKey: case ObjectKind::UniqueConstraint:
    case ObjectKind::ForeignKey: case ObjectKind::Index: case ObjectKind::Enum:
      return true;
    default:
      return false;  // sequences follow their serial columns; checks, views, functions and triggers are not Prisma's
  }
}

std::string q(const std::string& s) { return "`" + s + "`"; }

// What the next `prisma migrate dev` would do about the difference (expected = schema, actual = migrations).
std::string next_step(const Difference& d) {
  std::string kind = diff::to_string(d.kind);
  std::string on = d.table.empty() ? "" : " on " + q(d.table);
  switch (d.change) {
    case Change::Missing:
      if (d.kind == ObjectKind::Table) return "the next `prisma migrate dev` will create table " + q(d.name);
      if (d.kind == ObjectKind::Column) return "the next `prisma migrate dev` will add column " + q(d.name) + " to " + q(d.table);
      if (d.kind == ObjectKind::Enum) return "the next `prisma migrate dev` will create enum " + q(d.name);
      return "the next `prisma migrate dev` will create " + kind + " " + q(d.name) + on;
    case Change::Extra:
      if (d.kind == ObjectKind::Table) return "the next `prisma migrate dev` will drop table " + q(d.name) + " and its data";
      if (d.kind == ObjectKind::Column)
        return "the next `prisma migrate dev` will drop column " + q(d.name) + " of " + q(d.table) + " and its data";
      return "the next `prisma migrate dev` will drop " + kind + " " + q(d.name) + on;
    case Change::Changed:
      break;
  }
  std::string what = d.kind == ObjectKind::Column ? "column " + q(d.name) + " of " + q(d.table) : kind + " " + q(d.name) + on;
  return "the next `prisma migrate dev` will change " + d.aspect + " of " + what + ": the migrations give " +
         d.actual.value_or("none") + ", schema.prisma expects " + d.expected.value_or("none");
}

// Differences with a known cause get their own rule id and advice.
struct Cause {
  std::string rule = "schema-drift";
  std::string help;
};

Cause cause_of(const Difference& d, const std::vector<Difference>& all) {
  bool m2m = d.table.size() > 1 && d.table[0] == '_';
  if (m2m && ((d.kind == ObjectKind::Index && d.change == Change::Extra && d.name.ends_with("_AB_unique")) ||
              (d.kind == ObjectKind::PrimaryKey && d.change == Change::Missing))) {
    return {"drift-m2m-primary-key",
            "Prisma 6 replaced the implicit many-to-many table's unique index with a primary key; the migration it "
            "generates rebuilds the index under an ACCESS EXCLUSIVE lock. On a large table, build it without a long "
            "lock: `ALTER TABLE \"" + d.table + "\" ADD CONSTRAINT \"" + d.table + "_AB_pkey\" PRIMARY KEY USING INDEX \"" +
                d.table + "_AB_unique\";` in a hand-edited migration (the index is renamed to the constraint's name)."};
  }
  if ((d.kind == ObjectKind::Index || d.kind == ObjectKind::ForeignKey) && d.change == Change::Extra) {
    return {"drift-unmanaged-object",
            "This " + std::string(diff::to_string(d.kind)) + " was made by hand-written SQL and is not in schema.prisma, "
            "so the next `prisma migrate dev` drops it. Declare it in the schema (`@@index`, `@relation`) to keep it."};
  }
  if (d.kind == ObjectKind::Column && d.change == Change::Changed && d.aspect == "default" && !d.expected) {
    return {"drift-stale-default",
            "The migrations left a database default that schema.prisma no longer declares; the next `prisma migrate dev` "
            "drops it. Add `@default(...)` to the field if the default is still wanted."};
  }
  // An identifier over 63 bytes: PostgreSQL truncated it, Prisma truncates differently, so names never match.
  if (d.change == Change::Missing && d.name.size() >= 63) {
    for (const auto& other : all)
      if (other.change == Change::Extra && other.kind == d.kind && other.table == d.table &&
          other.name.size() == 63 && d.name.compare(0, 50, other.name, 0, 50) == 0)
        return {"drift-identifier-truncated",
                "PostgreSQL truncates identifiers to 63 bytes and Prisma shortens long constraint names its own way, so "
                "the names differ. Give the object an explicit short name with `map:` in schema.prisma."};
  }
  return {"schema-drift",
          "Run `prisma migrate dev --create-only` to generate the migration that makes the history match the schema, "
          "review it, and commit it with the schema change."};
}

// Where in schema.prisma the expected side of `d` is declared (the model or the field).
std::optional<prisma::Origin> origin_of(const Difference& d, const prisma::ExpectedCatalog& expected) {
  auto find = [&](const std::string& key) -> std::optional<prisma::Origin> {
    auto it = expected.origins.find(key);
    if (it == expected.origins.end()) return std::nullopt;
    return it->second;
  };
  std::optional<prisma::Origin> o;
  switch (d.kind) {
    case ObjectKind::Table: o = find(prisma::table_key(d.schema, d.name)); break;
    case ObjectKind::Column: o = find(prisma::column_key(d.schema, d.table, d.name)); break;
    case ObjectKind::Enum: o = find(prisma::enum_key(d.schema, d.name)); break;
    default: o = find(prisma::constraint_key(d.schema, d.table, d.name)); break;
  }
  if (!o && !d.table.empty()) o = find(prisma::table_key(d.schema, d.table));
  return o;
}

struct Provenance {
  const Migration* migration = nullptr;
  Span statement;
};

// Replays again and remembers, for each difference, the last statement after which the migrations' side of
// the object changed.
std::vector<Provenance> provenance(const MigrationHistory& h, const std::vector<Difference>& diffs) {
  std::vector<Provenance> out(diffs.size());
  if (diffs.empty()) return out;
  std::vector<std::optional<std::string>> state(diffs.size());
  const Migration* last_m = nullptr;
  Span last_span;
  auto observe = [&](const catalog::Catalog& c) {
    if (!last_m) return;
    for (size_t i = 0; i < diffs.size(); ++i) {
      auto now = diff::state_of(c, diffs[i]);
      if (now != state[i]) {
        state[i] = std::move(now);
        out[i] = {last_m, last_span};
      }
    }
  };
  replay::Replayer r;
  for (const auto& m : h.migrations) {
    if (!m.readable) continue;
    r.apply(m, [&](const sql::Statement& st, const catalog::Catalog& before) {
      observe(before);
      last_m = &m;
      last_span = st.span;
    });
  }
  observe(r.catalog());
  return out;
}

// Prisma's differ does not see some differences that a catalog comparison does; dropping them keeps the
// verdict the same as `prisma migrate diff`.
bool prisma_ignores(const Difference& d, const catalog::Catalog& migrations) {
  auto split = [](const std::string& v) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos <= v.size()) {
      size_t c = v.find(", ", pos);
      out.push_back(v.substr(pos, c == std::string::npos ? std::string::npos : c - pos));
      if (c == std::string::npos) break;
      pos = c + 2;
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  // Enum values are compared as a set: Prisma never reorders values.
  if (d.kind == ObjectKind::Enum && d.change == Change::Changed && d.aspect == "values" && d.expected && d.actual)
    return split(*d.expected) == split(*d.actual);
  const catalog::Table* t = d.table.empty() ? nullptr : migrations.table(d.schema, d.table);
  // Partial and expression indexes made by hand are invisible to Prisma (without the partialIndexes preview).
  if (d.kind == ObjectKind::Index && d.change == Change::Extra && t) {
    for (const auto& idx : t->indexes) {
      if (idx.name != d.name) continue;
      if (idx.predicate) return true;
      for (const auto& col : idx.columns)
        if (!t->column(col)) return true;
    }
  }
  if (d.kind == ObjectKind::Column && d.change == Change::Changed && t) {
    const catalog::Column* c = t->column(d.name);
    bool list = c && c->type.ends_with("[]");
    // Scalar lists: Prisma does not compare their nullability, and an empty-array default is the same either way.
    if (list && d.aspect == "nullable") return true;
    auto empty_array = [](const std::optional<std::string>& v) {
      return v && (v->starts_with("'{}'::") || v->starts_with("ARRAY[]::"));
    };
    if (list && d.aspect == "default" && empty_array(d.expected) && empty_array(d.actual)) return true;
  }
  return false;
}

}  // namespace

std::vector<Difference> prisma_managed(std::vector<Difference> all) {
  std::erase_if(all, [](const Difference& d) { return !managed(d.kind); });
  return all;
}

Result check(const MigrationHistory& history, const prisma::ExpectedCatalog& expected) {
  Result res;
  replay::HistoryReplay replayed = replay::replay_history(history);
  diff::DiffOptions opts;
  res.differences = prisma_managed(diff::diff_catalogs(expected.catalog, replayed.catalog, opts));
  std::erase_if(res.differences, [&](const Difference& d) { return prisma_ignores(d, replayed.catalog); });
  auto prov = provenance(history, res.differences);
  for (size_t i = 0; i < res.differences.size(); ++i) {
    const Difference& d = res.differences[i];
    Cause cause = cause_of(d, res.differences);
    Finding f;
    f.rule = cause.rule;
    f.severity = Severity::Error;
    f.message = next_step(d);
    f.help = cause.help;
    auto origin = origin_of(d, expected);
    const Provenance& p = prov[i];
    if (origin && origin->file) {
      f.location = make_location(origin->file, origin->span);
      if (p.migration)
        f.related.push_back({make_location(p.migration->file, p.statement), "the migrations' side was last changed here"});
    } else if (p.migration) {
      f.location = make_location(p.migration->file, p.statement);
      f.migration = p.migration->name;
    } else {
      f.location = make_location(history.root.generic_string());
    }
    finalize_fingerprint(f);
    res.findings.push_back(std::move(f));
  }
  return res;
}

}  // namespace sg::schema_drift
