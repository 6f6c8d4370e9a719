#include "analyzer/schema_drift/provenance.hpp"

#include "analyzer/catalog/reuse.hpp"
#include "analyzer/catalog/same.hpp"
#include "analyzer/replay/replay.hpp"

#include <algorithm>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace sg::schema_drift {
namespace {

using diff::Change;
using diff::ObjectKind;

using catalog::same;

std::string table_key(const std::string& schema, const std::string& table) { return "t|" + schema + "|" + table; }
// The key of something inside a table ('c' a column, 'k' a key name), written into `out`: the recorder reuses
// one buffer for the many keys of a changed table.
std::string& write_member_key(std::string& out, char kind, const std::string& schema, const std::string& table,
                              const std::string& name) {
  return out.assign(1, kind).append("|").append(schema).append("|").append(table).append("|").append(name);
}
std::string column_key(const std::string& schema, const std::string& table, const std::string& column) {
  std::string out;
  return write_member_key(out, 'c', schema, table, column);
}
// Indexes, unique constraints and foreign keys share one namespace of names per table, as Prisma's view of them does.
std::string key_key(const std::string& schema, const std::string& table, const std::string& name) {
  std::string out;
  return write_member_key(out, 'k', schema, table, name);
}
std::string enum_key(const std::string& schema, const std::string& name) { return "e|" + schema + "|" + name; }

// Column aspects whose last change is told apart (the identity is part of the default: both are autoincrement).
const char* const kColumnAspects[] = {"type", "nullable", "default", "generated"};
std::string aspect_text(const catalog::Column& c, std::string_view aspect) {
  if (aspect == "type") return c.type;
  if (aspect == "nullable") return c.nullable ? "t" : "f";
  if (aspect == "default") return c.default_expr.value_or("\x01") + "|" + c.identity;
  return c.generated;
}

// The element of `v` named `name`, looked for at `hint` first (both sides mostly keep their order).
template <class T>
const T* named(const std::vector<T>& v, const std::string& name, size_t hint) {
  if (hint < v.size() && v[hint].name == name) return &v[hint];
  for (const auto& e : v)
    if (e.name == name) return &e;
  return nullptr;
}

// The key objects of a table that carry one name (an index and the unique constraint it backs share theirs).
struct KeyParts {
  const catalog::Index* index = nullptr;
  const catalog::KeyConstraint* unique = nullptr;
  const catalog::ForeignKey* foreign = nullptr;
  bool any() const { return index || unique || foreign; }
};
KeyParts key_parts(const catalog::Table& t, const std::string& name) {
  return {named(t.indexes, name, 0), named(t.unique_constraints, name, 0), named(t.foreign_keys, name, 0)};
}
// Every key name of a table, with repeats.
std::vector<const std::string*> key_names(const catalog::Table& t) {
  std::vector<const std::string*> out;
  for (const auto& i : t.indexes) out.push_back(&i.name);
  for (const auto& u : t.unique_constraints) out.push_back(&u.name);
  for (const auto& f : t.foreign_keys) out.push_back(&f.name);
  return out;
}
// Whether what Prisma compares of the objects under one name is unchanged: an index's definition, predicate
// and method; a unique constraint's columns; a foreign key's columns, target, actions and state.
bool same_text(const KeyParts& a, const KeyParts& b) {
  auto both = [](const auto* p, const auto* q, auto eq) { return (!p && !q) || (p && q && eq(*p, *q)); };
  return both(a.index, b.index,
              [](const catalog::Index& p, const catalog::Index& q) {
                return p.definition == q.definition && p.predicate.value_or("") == q.predicate.value_or("") &&
                       p.method == q.method;
              }) &&
         both(a.unique, b.unique,
              [](const catalog::KeyConstraint& p, const catalog::KeyConstraint& q) { return p.columns == q.columns; }) &&
         both(a.foreign, b.foreign, [](const catalog::ForeignKey& p, const catalog::ForeignKey& q) {
           return p.columns == q.columns && p.ref_schema == q.ref_schema && p.ref_table == q.ref_table &&
                  p.ref_columns == q.ref_columns && p.on_delete == q.on_delete && p.on_update == q.on_update &&
                  p.deferrable == q.deferrable && p.validated == q.validated;
         });
}

// The same table under another name (ALTER TABLE … RENAME TO / SET SCHEMA): the same columns and key names
// (index definitions name the table, so they change with it).
bool renamed(const catalog::Table& was, const catalog::Table& now) {
  auto names = [](const auto& v) {
    std::vector<std::string> out;
    for (const auto& x : v) out.push_back(x.name);
    return out;
  };
  return same(was.columns, now.columns) && names(was.indexes) == names(now.indexes) &&
         names(was.foreign_keys) == names(now.foreign_keys) && same(was.primary_key, now.primary_key);
}

// Statements that change no table, key or enum: nothing to compare after them.
bool changes_nothing_recorded(const sql::Statement& st) {
  return std::visit(
      [](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        return std::is_same_v<T, sql::Insert> || std::is_same_v<T, sql::Update> || std::is_same_v<T, sql::Delete> ||
               std::is_same_v<T, sql::Truncate> || std::is_same_v<T, sql::Vacuum> || std::is_same_v<T, sql::Cluster> ||
               std::is_same_v<T, sql::Reindex> || std::is_same_v<T, sql::RefreshMaterializedView> ||
               std::is_same_v<T, sql::Grant> || std::is_same_v<T, sql::CreatePolicy> || std::is_same_v<T, sql::Comment> ||
               std::is_same_v<T, sql::SetVariable> || std::is_same_v<T, sql::CreateFunction> ||
               std::is_same_v<T, sql::CreateTrigger> || std::is_same_v<T, sql::CreateView> ||
               std::is_same_v<T, sql::CreateDatabase>;
      },
      st.body);
}

template <class T>
bool same_names(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].schema != b[i].schema) return false;
  return true;
}

}  // namespace

const StatementRef* Provenance::of(const diff::Difference& d) const {
  auto find = [&](const std::string& key) -> const StatementRef* {
    auto it = last_.find(key);
    return it == last_.end() ? nullptr : &it->second;
  };
  bool whole = d.change != Change::Changed;
  switch (d.kind) {
    case ObjectKind::Table: return find(table_key(d.schema, d.name));
    case ObjectKind::Column: {
      std::string base = column_key(d.schema, d.table, d.name);
      if (whole) return find(base);
      std::string aspect = d.aspect == "autoincrement" || d.aspect == "identity" ? "default" : d.aspect;
      if (const StatementRef* r = find(base + "|" + aspect)) return r;
      return find(base);
    }
    case ObjectKind::PrimaryKey: return find("p*|" + d.schema + "|" + d.table);
    case ObjectKind::Index:
    case ObjectKind::UniqueConstraint:
    case ObjectKind::ForeignKey: {
      if (!whole && d.aspect == "name" && d.actual) return find(key_key(d.schema, d.table, *d.actual));
      std::string base = key_key(d.schema, d.table, d.name);
      if (whole) return find(base);
      if (const StatementRef* r = find(base + "*")) return r;
      return find(base);
    }
    case ObjectKind::Enum: {
      std::string base = enum_key(d.schema, d.name);
      if (whole) return find(base);
      if (const StatementRef* r = find(base + "*")) return r;
      return find(base);
    }
    default: return nullptr;
  }
}

void ProvenanceRecorder::record(std::string_view key) {
  if (auto it = out_.last_.find(key); it != out_.last_.end()) it->second = current_;
  else out_.last_.emplace(std::string(key), current_);
}

void ProvenanceRecorder::forget(std::string_view key) {
  if (auto it = out_.last_.find(key); it != out_.last_.end()) out_.last_.erase(it);
}

const std::string& ProvenanceRecorder::parted_key(const std::string& schema, const std::string& table) {
  return parted_key_.assign(schema).append("|").append(table);
}

void ProvenanceRecorder::table_changed(const catalog::Table* was, const catalog::Table* now) {
  const catalog::Table& t = now ? *now : *was;
  if (!was || !now) record(table_key(t.schema, t.name));
  static const catalog::Table kNone;
  const catalog::Table& x = was ? *was : kNone;
  const catalog::Table& y = now ? *now : kNone;
  auto key_of = [&](char kind, const std::string& name) -> std::string& {
    return write_member_key(key_, kind, t.schema, t.name, name);
  };
  // A column aspect or a key's parts can only have a record to forget when this table (by name) ever had
  // one: a new table's columns skip four lookups each.
  bool parted = parted_.contains(parted_key(t.schema, t.name));
  auto forget_part = [&](std::string_view key) {
    if (parted) forget(key);
  };
  auto record_part = [&](std::string_view key) {
    record(key);
    if (parted) return;
    parted_.insert(parted_key(t.schema, t.name));
    parted = true;
  };
  // Columns: presence and each aspect; most columns of a changed table did not change. A column that comes or
  // goes gets its presence recorded and its aspects forgotten: an aspect with no record of its own has the
  // presence's (Provenance::of falls back to it), which saves four keys per new column.
  auto column = [&](const catalog::Column* a, const catalog::Column* b) {
    if (a && b && same(*a, *b)) return;
    std::string& key = key_of('c', a ? a->name : b->name);
    const bool whole = !a || !b;
    if (whole) record(key);
    size_t base = key.size();
    for (const char* aspect : kColumnAspects)
      if (whole || aspect_text(*a, aspect) != aspect_text(*b, aspect)) {
        key.resize(base);
        key.append("|").append(aspect);
        if (whole) forget_part(key);
        else record_part(key);
      }
  };
  // Most statements change one part of a table (a column, or a key): the parts equal on both sides are not
  // walked name by name.
  const bool both = was && now;
  if (!both || !same(x.columns, y.columns)) {
    for (size_t i = 0; i < x.columns.size(); ++i) column(&x.columns[i], named(y.columns, x.columns[i].name, i));
    for (size_t i = 0; i < y.columns.size(); ++i)
      if (!named(x.columns, y.columns[i].name, i)) column(nullptr, &y.columns[i]);
  }
  if (!same(x.primary_key, y.primary_key)) record("p*|" + t.schema + "|" + t.name);
  if (both && same(x.indexes, y.indexes) && same(x.unique_constraints, y.unique_constraints) &&
      same(x.foreign_keys, y.foreign_keys))
    return;
  // Indexes, unique constraints and foreign keys: one namespace of names.
  // As for columns, a key name that comes or goes forgets the record of its parts (`*`).
  auto key_changed = [&](const std::string& name, bool whole, bool parts) {
    std::string& key = key_of('k', name);
    if (whole) record(key);
    if (!parts) return;
    key.append("*");
    if (whole) forget_part(key);
    else record_part(key);
  };
  for (const std::string* name : key_names(x)) {
    KeyParts a = key_parts(x, *name), b = key_parts(y, *name);
    bool gone = !b.any(), changed = !same_text(a, b);
    if (gone || changed) key_changed(*name, gone, changed);
  }
  for (const std::string* name : key_names(y))
    if (!key_parts(x, *name).any()) key_changed(*name, true, true);
}

void ProvenanceRecorder::moved(const Key& from, const Key& to) {
  record(table_key(to.first, to.second));
  parted_.insert(parted_key(to.first, to.second));  // the parts' records come along
  // What is inside the table keeps the statement that made it: a renamed table's columns were not made by the rename.
  for (const char* kind : {"c|", "k|"}) {
    std::string old_prefix = std::string(kind) + from.first + "|" + from.second + "|";
    std::string new_prefix = std::string(kind) + to.first + "|" + to.second + "|";
    std::vector<std::pair<std::string, StatementRef>> carried;
    for (const auto& [key, ref] : out_.last_)
      if (key.starts_with(old_prefix)) carried.emplace_back(new_prefix + key.substr(old_prefix.size()), ref);
    for (auto& [key, ref] : carried) out_.last_[key] = ref;
  }
  auto pk = out_.last_.find("p*|" + from.first + "|" + from.second);
  if (pk != out_.last_.end()) out_.last_["p*|" + to.first + "|" + to.second] = pk->second;
}

namespace {

// Each table of `now` with its snapshot in `was` (null when it came), and the snapshots whose table went.
struct Pairing {
  std::vector<catalog::Table*> twin;
  std::vector<const catalog::Table*> gone;
};

Pairing pair_by_name(std::vector<catalog::Table>& was, const std::vector<catalog::Table>& now) {
  using NameView = std::pair<std::string_view, std::string_view>;
  std::map<NameView, catalog::Table*> by_name;
  for (auto& t : was) by_name[{t.schema, t.name}] = &t;
  Pairing p;
  p.twin.assign(now.size(), nullptr);
  for (size_t i = 0; i < now.size(); ++i) {
    auto it = by_name.find({now[i].schema, now[i].name});
    if (it == by_name.end()) continue;
    p.twin[i] = it->second;
    by_name.erase(it);
  }
  for (const auto& t : was)
    if (by_name.count({t.schema, t.name})) p.gone.push_back(&t);
  return p;
}

// With a known reach, the tables a statement did not reach are in both lists in the same order (tables are
// appended, erased, or sorted at a file's end, which leaves sorted ones in their order), so the lists are
// walked together with no map: a CREATE TABLE in a catalog of hundreds costs the tables it reached. False when
// that order does not hold.
template <class Reached>
bool pair_in_order(std::vector<catalog::Table>& was, const std::vector<catalog::Table>& now, Reached reached,
                   Pairing& p) {
  p.twin.assign(now.size(), nullptr);
  std::vector<catalog::Table*> was_reached;
  std::vector<size_t> now_reached;
  size_t j = 0;
  for (size_t i = 0; i < now.size(); ++i) {
    if (reached(now[i].name)) {
      now_reached.push_back(i);
      continue;
    }
    while (j < was.size() && reached(was[j].name)) was_reached.push_back(&was[j++]);
    if (j == was.size() || was[j].name != now[i].name || was[j].schema != now[i].schema) return false;
    p.twin[i] = &was[j++];
  }
  for (; j < was.size(); ++j) {
    if (!reached(was[j].name)) return false;
    was_reached.push_back(&was[j]);
  }
  for (size_t i : now_reached) {
    auto it = std::find_if(was_reached.begin(), was_reached.end(), [&](const catalog::Table* t) {
      return t && t->name == now[i].name && t->schema == now[i].schema;
    });
    if (it == was_reached.end()) continue;
    p.twin[i] = *it;
    *it = nullptr;
  }
  for (const catalog::Table* t : was_reached)
    if (t) p.gone.push_back(t);
  return true;
}

}  // namespace

void ProvenanceRecorder::observe_tables(const std::vector<catalog::Table>& tables) {
  auto unreached = [&](const std::string& name) {
    return reach_ && std::find(reach_->begin(), reach_->end(), name) == reach_->end();
  };
  if (same_names(tables_, tables)) {
    for (size_t i = 0; i < tables.size(); ++i) {
      if (unreached(tables[i].name)) continue;
      if (same(tables_[i], tables[i])) continue;
      table_changed(&tables_[i], &tables[i]);
      tables_[i] = tables[i];
    }
    return;
  }
  // Tables came, went or moved: match them by name, and a table that went with its twin that came as a rename.
  // The snapshot keeps the tables that did not change (moved, not copied): a CREATE TABLE costs one table.
  Pairing pairs;
  if (!reach_ || !pair_in_order(tables_, tables, [&](const std::string& n) { return !unreached(n); }, pairs))
    pairs = pair_by_name(tables_, tables);
  std::vector<catalog::Table*> kept(tables.size(), nullptr);  // the unchanged snapshot of tables[i]
  std::vector<const catalog::Table*> added;
  for (size_t i = 0; i < tables.size(); ++i) {
    const catalog::Table& t = tables[i];
    catalog::Table* twin = pairs.twin[i];
    if (!twin) added.push_back(&t);
    else if (unreached(t.name) || same(*twin, t)) kept[i] = twin;
    else table_changed(twin, &t);
  }
  std::vector<const catalog::Table*>& removed = pairs.gone;
  for (const catalog::Table* t : added) {
    auto from = std::find_if(removed.begin(), removed.end(), [&](const catalog::Table* r) { return renamed(*r, *t); });
    if (from != removed.end()) {
      moved({(*from)->schema, (*from)->name}, {t->schema, t->name});
      record(table_key((*from)->schema, (*from)->name));
      removed.erase(from);
    } else {
      table_changed(nullptr, t);
    }
  }
  for (const catalog::Table* t : removed) table_changed(t, nullptr);
  tables_ = catalog::reuse_unchanged(tables, kept);
}

void ProvenanceRecorder::observe_enums(const std::vector<catalog::Enum>& enums) {
  if (same_names(enums_, enums)) {
    for (size_t i = 0; i < enums.size(); ++i) {
      if (enums_[i].values == enums[i].values) continue;
      record(enum_key(enums[i].schema, enums[i].name) + "*");
      enums_[i].values = enums[i].values;
    }
    return;
  }
  // By name, without copying a name: an enum statement in a history of a hundred enums costs no allocation
  // per enum.
  using NameView = std::pair<std::string_view, std::string_view>;
  std::map<NameView, size_t> was;  // position in enums_
  for (size_t i = 0; i < enums_.size(); ++i) was.emplace(NameView{enums_[i].schema, enums_[i].name}, i);
  std::vector<bool> still_there(enums_.size(), false);
  std::vector<const catalog::Enum*> added;
  for (const auto& e : enums) {
    auto it = was.find({e.schema, e.name});
    if (it == was.end()) {
      added.push_back(&e);
      continue;
    }
    still_there[it->second] = true;
    if (enums_[it->second].values != e.values) record(enum_key(e.schema, e.name) + "*");
  }
  std::vector<const catalog::Enum*> removed;
  for (size_t i = 0; i < enums_.size(); ++i)
    if (!still_there[i]) removed.push_back(&enums_[i]);
  for (const catalog::Enum* e : added) {
    std::string key = enum_key(e->schema, e->name);
    record(key);
    // ALTER TYPE … RENAME TO (how Prisma swaps in a rebuilt enum): the values keep the statement that made them.
    auto from = std::find_if(removed.begin(), removed.end(), [&](const catalog::Enum* r) { return r->values == e->values; });
    auto made = from == removed.end() ? out_.last_.end() : out_.last_.find(enum_key((*from)->schema, (*from)->name) + "*");
    if (made != out_.last_.end()) {
      StatementRef ref = made->second;
      out_.last_[key + "*"] = ref;
    } else {
      record(key + "*");
    }
    if (from != removed.end()) {
      record(enum_key((*from)->schema, (*from)->name));
      removed.erase(from);
    }
  }
  for (const catalog::Enum* e : removed) {
    record(enum_key(e->schema, e->name));
    record(enum_key(e->schema, e->name) + "*");
  }
  enums_ = enums;
}

void ProvenanceRecorder::observe(const catalog::Catalog& c) {
  observe_tables(c.tables);
  if (!reach_ || enums_reached_) observe_enums(c.enums);
}

void ProvenanceRecorder::before_statement(const Migration& migration, const sql::Statement& statement,
                                          const catalog::Catalog& before) {
  // What the previous statement did is visible now. At a new file everything is looked at unless the
  // previous file is known to have ended without a failure (a failed one is rolled back).
  bool new_file = current_.migration && current_.migration != &migration;
  bool everything = new_file && !clean_file_end_;
  if (new_file) clean_file_end_ = false;
  if (everything) reach_.reset();
  if (dirty_ || everything) observe(before);
  current_ = {&migration, statement.span};
  dirty_ = !changes_nothing_recorded(statement);
  reach_.reset();
  enums_reached_ = false;
  if (dirty_) {
    // Only the tables the statement reaches are compared after it, when it reaches nothing else.
    replay::StatementReach r = replay::reach_of(statement, before);
    if (r.known) reach_ = std::move(r.tables);
    enums_reached_ = r.enums;
  }
}

Provenance ProvenanceRecorder::finish(const catalog::Catalog& final_catalog) {
  reach_.reset();  // the last file may have been rolled back
  if (current_.migration) observe(final_catalog);
  return std::move(out_);
}

}  // namespace sg::schema_drift
