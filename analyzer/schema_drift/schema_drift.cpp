#include "analyzer/schema_drift/schema_drift.hpp"

#include "analyzer/replay/replay.hpp"
#include "analyzer/schema_drift/prisma_diff.hpp"

namespace sg::schema_drift {
namespace {

using diff::Change;
using diff::Difference;
using diff::ObjectKind;

std::string q(const std::string& s) { return "`" + s + "`"; }

bool recreated_as_is(const Difference& d) {
  return d.kind == ObjectKind::Index && d.change == Change::Changed && d.aspect == "definition" && d.expected == d.actual;
}

// What the next `prisma migrate dev` would do about the difference (expected = schema, actual = migrations).
std::string next_step(const Difference& d) {
  const std::string next = "the next `prisma migrate dev` will ";
  std::string kind = diff::to_string(d.kind);
  std::string on = d.table.empty() ? "" : " on " + q(d.table);
  switch (d.change) {
    case Change::Missing:
      if (d.kind == ObjectKind::Table) return next + "create table " + q(d.name);
      if (d.kind == ObjectKind::Column) return next + "add column " + q(d.name) + " to " + q(d.table);
      if (d.kind == ObjectKind::Enum) return next + "create enum " + q(d.name);
      return next + "create " + kind + " " + q(d.name) + on;
    case Change::Extra:
      if (d.kind == ObjectKind::Table) return next + "drop table " + q(d.name) + " and its data";
      if (d.kind == ObjectKind::Column) return next + "drop column " + q(d.name) + " of " + q(d.table) + " and its data";
      return next + "drop " + kind + " " + q(d.name) + on;
    case Change::Changed:
      break;
  }
  if (d.aspect == "name") return next + "rename " + kind + " " + q(d.actual.value_or("")) + " to " + q(d.name) + on;
  if (recreated_as_is(d))
    return next + "drop and re-create index " + q(d.name) + on +
           ", although it is already as declared: Prisma cannot compare its operator class, so every migration it "
           "generates does this again";
  if (d.kind == ObjectKind::Index && d.aspect == "definition")
    return next + "drop and re-create index " + q(d.name) + on + ": the migrations give " + d.actual.value_or("none") +
           ", schema.prisma expects " + d.expected.value_or("none");
  std::string what = d.kind == ObjectKind::Column ? "column " + q(d.name) + " of " + q(d.table) : kind + " " + q(d.name) + on;
  return next + "change " + d.aspect + " of " + what + ": the migrations give " + d.actual.value_or("none") +
         ", schema.prisma expects " + d.expected.value_or("none");
}

// Differences with a known cause get their own rule id and advice.
struct Cause {
  std::string rule = "schema-drift";
  std::string help;
};

// PostgreSQL cut `old` to 63 bytes where Prisma cuts the `<table>_<columns>` part before its suffix (`new`):
// both start with what fits before Prisma's suffix.
bool truncated_differently(const std::string& old_name, const std::string& new_name) {
  if (old_name.size() != 63 || new_name.size() > 63) return false;
  size_t suffix = new_name.rfind('_');
  if (suffix == std::string::npos || suffix == 0) return false;
  return old_name.compare(0, suffix, new_name, 0, suffix) == 0;
}

// Whether the migrations' object carries the name Prisma gives such an object when the schema declares it
// without `map:`: then it came from a declaration that schema.prisma no longer has, not from hand-written SQL.
bool prisma_named(const Difference& d, const catalog::Catalog& migrations) {
  const catalog::Table* t = migrations.table(d.schema, d.table);
  if (!t) return false;
  for (const auto& ix : t->indexes)
    if (ix.name == d.name) return ix.name == prisma::prisma_constraint_name(t->name, ix.columns, ix.unique ? "key" : "idx");
  for (const auto& fk : t->foreign_keys)
    if (fk.name == d.name) return fk.name == prisma::prisma_constraint_name(t->name, fk.columns, "fkey");
  return false;
}

Cause cause_of(const Difference& d, const std::vector<Difference>& all, const catalog::Catalog& migrations) {
  bool m2m = d.table.size() > 1 && d.table[0] == '_';
  if (m2m && ((d.kind == ObjectKind::Index && d.change == Change::Extra && d.name.ends_with("_AB_unique")) ||
              (d.kind == ObjectKind::PrimaryKey && d.change == Change::Missing))) {
    return {"drift-m2m-primary-key",
            "Prisma 6 replaced the implicit many-to-many table's unique index with a primary key; the migration it "
            "generates rebuilds the index under an ACCESS EXCLUSIVE lock. On a large table, build it without a long "
            "lock: `ALTER TABLE \"" + d.table + "\" ADD CONSTRAINT \"" + d.table + "_AB_pkey\" PRIMARY KEY USING INDEX \"" +
                d.table + "_AB_unique\";` in a hand-edited migration (the index is renamed to the constraint's name)."};
  }
  bool key_object = d.kind == ObjectKind::Index || d.kind == ObjectKind::ForeignKey || d.kind == ObjectKind::UniqueConstraint;
  const std::string truncated_help =
      "PostgreSQL truncates identifiers to 63 bytes and Prisma shortens long constraint names its own way, so "
      "the names differ. Give the object an explicit short name with `map:` in schema.prisma.";
  if (key_object && d.change == Change::Changed && d.aspect == "name" && d.actual &&
      truncated_differently(*d.actual, d.name))
    return {"drift-identifier-truncated", truncated_help};
  if (key_object && d.change == Change::Extra && prisma_named(d, migrations)) {
    return {"schema-drift",
            "schema.prisma no longer declares this " + std::string(diff::to_string(d.kind)) + ", so the next `prisma "
            "migrate dev` drops it. Run `prisma migrate dev --create-only` and commit the migration with the schema "
            "change, or declare it again if it is still wanted."};
  }
  if (key_object && d.change == Change::Extra) {
    return {"drift-unmanaged-object",
            "This " + std::string(diff::to_string(d.kind)) + " was made by hand-written SQL and is not in schema.prisma, "
            "so the next `prisma migrate dev` drops it. Declare it in the schema (`@@index`, `@@unique`, `@relation`) "
            "to keep it."};
  }
  bool default_dropped = (d.aspect == "default" && !d.expected) || (d.aspect == "autoincrement" && d.expected == "none");
  if (d.kind == ObjectKind::Column && d.change == Change::Changed && default_dropped) {
    return {"drift-stale-default",
            "The migrations left a database default that schema.prisma no longer declares; the next `prisma migrate dev` "
            "drops it. Add `@default(...)` to the field if the default is still wanted."};
  }
  // A long name whose shapes differ too: missing under Prisma's cut, extra under PostgreSQL's.
  if (d.change == Change::Missing && d.name.size() >= 60) {
    for (const auto& other : all)
      if (other.change == Change::Extra && other.table == d.table && truncated_differently(other.name, d.name))
        return {"drift-identifier-truncated", truncated_help};
  }
  if (recreated_as_is(d))
    return {"schema-drift",
            "Prisma reads no operator class from a B-tree or hash index in the database, and reads a class it has a "
            "named constant for (JsonbPathOps) as that constant, never as `raw(\"...\")`. Write the constant instead of "
            "raw(), or leave `ops:` out of a B-tree index and keep the class in hand-written SQL only."};
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

}  // namespace

Result check(const MigrationHistory& history, const prisma::ExpectedCatalog& expected,
             const catalog::Catalog& final_catalog, const Provenance& provenance) {
  Result res;
  res.differences = prisma_diff(expected, final_catalog);
  for (const Difference& d : res.differences) {
    Cause cause = cause_of(d, res.differences, final_catalog);
    Finding f;
    f.rule = cause.rule;
    f.severity = Severity::Error;
    f.message = next_step(d);
    f.help = cause.help;
    auto origin = origin_of(d, expected);
    const StatementRef* p = provenance.of(d);
    if (origin && origin->file) {
      f.location = make_location(origin->file, origin->span);
      if (p && p->migration)
        f.related.push_back({make_location(p->migration->file, p->statement), "the migrations' side was last changed here"});
    } else if (p && p->migration) {
      f.location = make_location(p->migration->file, p->statement);
      f.migration = p->migration->name;
    } else {
      f.location = make_location(history.root.generic_string());
    }
    finalize_fingerprint(f);
    res.findings.push_back(std::move(f));
  }
  return res;
}

RecordedReplay replay_with_provenance(const MigrationHistory& history) {
  replay::Replayer replayer;
  ProvenanceRecorder recorder;
  for (const Migration& m : history.migrations) {
    if (!m.readable) continue;
    auto outcome = replayer.apply(m, [&](const sql::Statement& st, const catalog::Catalog& before) {
      recorder.before_statement(m, st, before);
    });
    recorder.file_applied(outcome.error.has_value());
  }
  RecordedReplay out;
  out.provenance = recorder.finish(replayer.catalog());
  out.final_catalog = replayer.catalog();
  return out;
}

Result check(const MigrationHistory& history, const prisma::ExpectedCatalog& expected) {
  RecordedReplay r = replay_with_provenance(history);
  return check(history, expected, r.final_catalog, r.provenance);
}

}  // namespace sg::schema_drift
