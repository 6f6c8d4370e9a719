#include "analyzer/schema_drift/prisma_keys.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "analyzer/prisma/expect.hpp"

namespace sg::schema_drift {
namespace {

using diff::Change;
using diff::Difference;
using diff::ObjectKind;

// Reads a (possibly double-quoted) identifier at `s[i]`, advancing `i`.
std::string read_identifier(std::string_view s, size_t& i) {
  std::string out;
  if (i < s.size() && s[i] == '"') {
    for (++i; i < s.size(); ++i) {
      if (s[i] == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          out += '"';
          ++i;
          continue;
        }
        ++i;
        break;
      }
      out += s[i];
    }
    return out;
  }
  while (i < s.size() && s[i] != ' ' && s[i] != ',' && s[i] != ')' && s[i] != '(') out += s[i++];
  return out;
}

// The text inside the parentheses opening at `s[open]`, and where they close.
std::optional<std::string_view> parenthesised(std::string_view s, size_t open, size_t& close) {
  if (open >= s.size() || s[open] != '(') return std::nullopt;
  int depth = 0;
  char quote = 0;
  for (size_t i = open; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    else if (c == '(') ++depth;
    else if (c == ')' && --depth == 0) {
      close = i;
      return s.substr(open + 1, i - open - 1);
    }
  }
  return std::nullopt;
}

// Splits at top-level commas.
std::vector<std::string_view> split_top(std::string_view s) {
  std::vector<std::string_view> out;
  int depth = 0;
  char quote = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    else if (c == '(') ++depth;
    else if (c == ')') --depth;
    else if (c == ',' && depth == 0) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(s.substr(start));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

IndexElement parse_element(std::string_view e) {
  e = trim(e);
  IndexElement el;
  size_t i = 0;
  el.column = read_identifier(e, i);
  while (i < e.size()) {
    while (i < e.size() && e[i] == ' ') ++i;
    if (i >= e.size()) break;
    std::string word = read_identifier(e, i);
    if (word == "DESC") el.desc = true;
    else if (word == "ASC") continue;
    else if (word == "NULLS") read_identifier(e, ++i);  // FIRST/LAST: Prisma does not compare it
    else if (word == "COLLATE") {
      while (i < e.size() && e[i] == ' ') ++i;
      read_identifier(e, i);
    } else if (!word.empty()) {
      el.opclass = word;
    } else if (size_t close = 0; parenthesised(e, i, close)) {
      i = close + 1;  // operator class options: not compared
    } else {
      ++i;
    }
  }
  return el;
}

bool is_table_column(const catalog::Table& t, const std::string& name) { return t.column(name) != nullptr; }

// An index as Prisma's describer holds it, from one side.
struct KeyIndex {
  const catalog::Index* index = nullptr;
  std::vector<IndexElement> columns;  // key columns, then INCLUDE columns
  // Per column: the class as Prisma's differ compares it ("" = none read).
  struct Class {
    std::string kind;  // "named:jsonb_path_ops", "raw:gin_trgm_ops", "default" (the type's default class)
    bool is_default = false;
  };
  std::vector<std::optional<Class>> classes;
  bool partial = false;
};

bool no_class_read(const std::string& method) { return method == "btree" || method == "hash"; }

std::optional<KeyIndex> database_index(const catalog::Table& t, const catalog::Index& ix) {
  if (ix.primary) return std::nullopt;
  auto shape = parse_index_definition(ix.definition);
  if (!shape) return std::nullopt;
  KeyIndex k;
  k.index = &ix;
  k.partial = ix.predicate.has_value();
  for (const auto& e : shape->elements) {
    if (!is_table_column(t, e.column)) return std::nullopt;  // an expression index: invisible to Prisma
    k.columns.push_back(e);
    if (no_class_read(ix.method)) k.classes.emplace_back();
    else if (e.opclass.empty()) k.classes.push_back(KeyIndex::Class{"default", true});
    else
      k.classes.push_back(KeyIndex::Class{(prisma::prisma_named_opclass(e.opclass) ? "named:" : "raw:") + e.opclass, false});
  }
  for (const auto& c : shape->include) {
    if (!is_table_column(t, c)) return std::nullopt;
    k.columns.push_back(IndexElement{c, false, {}});
    k.classes.emplace_back();
  }
  return k;
}

KeyIndex schema_index(const catalog::Index& ix, const std::vector<std::optional<prisma::WrittenOpClass>>* written) {
  KeyIndex k;
  k.index = &ix;
  k.partial = ix.predicate.has_value();
  auto shape = parse_index_definition(ix.definition);
  if (shape) k.columns = shape->elements;
  for (size_t i = 0; i < k.columns.size(); ++i) {
    const std::optional<prisma::WrittenOpClass>* w = written && i < written->size() ? &(*written)[i] : nullptr;
    if (!w || !w->has_value()) {
      k.classes.emplace_back();
      continue;
    }
    k.classes.push_back(KeyIndex::Class{((*w)->raw ? "raw:" : "named:") + (*w)->name, (*w)->is_default});
  }
  return k;
}

bool classes_match(const std::optional<KeyIndex::Class>& a, const std::optional<KeyIndex::Class>& b) {
  if (!a && !b) return true;
  if (!a) return b->is_default;
  if (!b) return a->is_default;
  // The database's default class stands for the one a named default constant names.
  if (a->kind == "default") return b->is_default && b->kind.starts_with("named:");
  return a->kind == b->kind;
}

// indexes_match(previous, next): differ only by name. A predicate counts only when the schema declares one.
bool indexes_match(const KeyIndex& db, const KeyIndex& schema) {
  const catalog::Index& a = *db.index;
  const catalog::Index& b = *schema.index;
  if (a.unique != b.unique || a.method != b.method || db.columns.size() != schema.columns.size()) return false;
  for (size_t i = 0; i < db.columns.size(); ++i) {
    if (db.columns[i].column != schema.columns[i].column || db.columns[i].desc != schema.columns[i].desc) return false;
    if (!classes_match(db.classes[i], schema.classes[i])) return false;
  }
  if (b.predicate && a.predicate != b.predicate) return false;
  return true;
}

// Unique constraints are indexes to Prisma; report them under their own kind so the message names them.
ObjectKind kind_in(const catalog::Table& t, const std::string& index) {
  for (const auto& u : t.unique_constraints)
    if (u.name == index) return ObjectKind::UniqueConstraint;
  return ObjectKind::Index;
}

Difference make(ObjectKind kind, Change change, const catalog::Table& t, const std::string& name) {
  Difference d;
  d.kind = kind;
  d.change = change;
  d.schema = t.schema;
  d.table = t.name;
  d.name = name;
  return d;
}

void diff_indexes(const catalog::Table& e, const catalog::Table& a, const WrittenOpClasses& written,
                  std::vector<Difference>& out) {
  std::vector<KeyIndex> prev, next;
  for (const auto& ix : a.indexes)
    if (auto k = database_index(a, ix)) prev.push_back(std::move(*k));
  for (const auto& ix : e.indexes) {
    if (ix.primary) continue;
    auto w = written.find(prisma::constraint_key(e.schema, e.name, ix.name));
    next.push_back(schema_index(ix, w == written.end() ? nullptr : &w->second));
  }
  auto names_of = [](const KeyIndex& k) {
    std::vector<std::string> v;
    for (const auto& c : k.columns) v.push_back(c.column);
    return v;
  };
  std::vector<const KeyIndex*> dropped, created;
  for (const auto& p : prev) {
    if (p.partial) continue;  // Prisma never drops a partial index it does not manage
    if (std::none_of(next.begin(), next.end(), [&](const KeyIndex& n) { return indexes_match(p, n); })) dropped.push_back(&p);
  }
  for (const auto& n : next)
    if (std::none_of(prev.begin(), prev.end(), [&](const KeyIndex& p) { return indexes_match(p, n); })) created.push_back(&n);

  // Renames: an index with no twin (same columns and kind) in the database that matches one under another name.
  for (const auto& p : prev) {
    size_t twins = std::count_if(prev.begin(), prev.end(), [&](const KeyIndex& q) {
      return names_of(q) == names_of(p) && q.index->unique == p.index->unique;
    });
    if (twins != 1) continue;
    auto n = std::find_if(next.begin(), next.end(), [&](const KeyIndex& x) { return indexes_match(p, x); });
    if (n == next.end() || n->index->name == p.index->name) continue;
    // Prisma renames to the first match; a match under the same name (none here) would have been kept as is.
    Difference d = make(kind_in(a, p.index->name), Change::Changed, e, n->index->name);
    d.aspect = "name";
    d.expected = n->index->name;
    d.actual = p.index->name;
    out.push_back(std::move(d));
  }
  for (const KeyIndex* c : created) {
    auto same = std::find_if(dropped.begin(), dropped.end(), [&](const KeyIndex* x) { return x->index->name == c->index->name; });
    if (same != dropped.end()) {
      Difference d = make(ObjectKind::Index, Change::Changed, e, c->index->name);
      d.aspect = "definition";
      d.expected = c->index->definition;
      d.actual = (*same)->index->definition;
      out.push_back(std::move(d));
      dropped.erase(same);
      continue;
    }
    Difference d = make(ObjectKind::Index, Change::Missing, e, c->index->name);
    d.expected = c->index->definition;
    out.push_back(std::move(d));
  }
  for (const KeyIndex* x : dropped) {
    Difference d = make(kind_in(a, x->index->name), Change::Extra, e, x->index->name);
    d.actual = x->index->definition;
    out.push_back(std::move(d));
  }
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// foreign_keys_match(previous, next): the name does not count, nor deferrability or validation.
bool foreign_keys_match(const catalog::ForeignKey& p, const catalog::ForeignKey& n, const catalog::Table& a,
                        const catalog::Table& e) {
  if (p.ref_table != n.ref_table || p.ref_columns != n.ref_columns || p.columns.size() != n.columns.size() ||
      p.on_delete != n.on_delete || p.on_update != n.on_update)
    return false;
  for (size_t i = 0; i < p.columns.size(); ++i) {
    if (p.columns[i] != n.columns[i]) return false;
    const catalog::Column* pc = a.column(p.columns[i]);
    const catalog::Column* nc = e.column(n.columns[i]);
    if (!pc || !nc) continue;
    if (pc->type != nc->type) return false;  // the column is re-created, and its foreign key with it
    if (pc->nullable && !nc->nullable) return false;
  }
  return true;
}

// Prisma keeps the constraint names of implicit many-to-many tables as they are.
bool many_to_many(const catalog::Table& t) {
  return t.columns.size() == 2 && t.column("A") && t.column("B");
}

void diff_foreign_keys(const catalog::Table& e, const catalog::Table& a, std::vector<Difference>& out) {
  std::vector<const catalog::ForeignKey*> dropped, created;
  for (const auto& p : a.foreign_keys)
    if (std::none_of(e.foreign_keys.begin(), e.foreign_keys.end(), [&](const auto& n) { return foreign_keys_match(p, n, a, e); }))
      dropped.push_back(&p);
  for (const auto& n : e.foreign_keys)
    if (std::none_of(a.foreign_keys.begin(), a.foreign_keys.end(), [&](const auto& p) { return foreign_keys_match(p, n, a, e); }))
      created.push_back(&n);
  std::vector<const catalog::ForeignKey*> seen;
  for (const auto& p : a.foreign_keys) {
    for (const auto& n : e.foreign_keys) {
      if (std::find(seen.begin(), seen.end(), &n) != seen.end() || !foreign_keys_match(p, n, a, e)) continue;
      seen.push_back(&n);
      if (p.name != n.name && !(many_to_many(a) && many_to_many(e))) {
        Difference d = make(ObjectKind::ForeignKey, Change::Changed, e, n.name);
        d.aspect = "name";
        d.expected = n.name;
        d.actual = p.name;
        out.push_back(std::move(d));
      }
      break;
    }
  }
  for (const catalog::ForeignKey* c : created) {
    auto same = std::find_if(dropped.begin(), dropped.end(), [&](const auto* x) { return x->name == c->name; });
    if (same == dropped.end()) {
      Difference d = make(ObjectKind::ForeignKey, Change::Missing, e, c->name);
      out.push_back(std::move(d));
      continue;
    }
    // Dropped and added again under the same name: say which aspects differ.
    const catalog::ForeignKey& p = **same;
    auto aspect = [&](const char* name, std::string want, std::string have) {
      if (want == have) return;
      Difference d = make(ObjectKind::ForeignKey, Change::Changed, e, c->name);
      d.aspect = name;
      d.expected = std::move(want);
      d.actual = std::move(have);
      out.push_back(std::move(d));
    };
    size_t before = out.size();
    aspect("columns", join(c->columns), join(p.columns));
    aspect("references", c->ref_table + "(" + join(c->ref_columns) + ")", p.ref_table + "(" + join(p.ref_columns) + ")");
    aspect("on delete", c->on_delete, p.on_delete);
    aspect("on update", c->on_update, p.on_update);
    if (out.size() == before) {
      // Only a column of the key changes (type or nullability): the key is re-created with it.
      Difference d = make(ObjectKind::ForeignKey, Change::Changed, e, c->name);
      d.aspect = "columns";
      d.expected = d.actual = join(c->columns);
      out.push_back(std::move(d));
    }
    dropped.erase(same);
  }
  for (const catalog::ForeignKey* x : dropped) out.push_back(make(ObjectKind::ForeignKey, Change::Extra, e, x->name));
}

}  // namespace

std::optional<IndexShape> parse_index_definition(const std::string& definition) {
  std::string_view s = definition;
  size_t using_at = s.find(" USING ");
  if (using_at == std::string_view::npos) return std::nullopt;
  size_t open = s.find('(', using_at);
  size_t close = 0;
  auto inner = parenthesised(s, open, close);
  if (!inner) return std::nullopt;
  IndexShape shape;
  for (std::string_view e : split_top(*inner)) shape.elements.push_back(parse_element(e));
  std::string_view rest = s.substr(close + 1);
  if (rest.starts_with(" INCLUDE (")) {
    size_t end = 0;
    if (auto inc = parenthesised(rest, 9, end))
      for (std::string_view c : split_top(*inc)) {
        c = trim(c);
        size_t i = 0;
        shape.include.push_back(read_identifier(c, i));
      }
  }
  return shape;
}

void diff_keys(const catalog::Table& expected, const catalog::Table& actual, const WrittenOpClasses& written,
               std::vector<diff::Difference>& out) {
  diff_indexes(expected, actual, written, out);
  diff_foreign_keys(expected, actual, out);
}

}  // namespace sg::schema_drift
