// Name resolution and printing shared by the statement handlers.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "analyzer/catalog/pg_print.hpp"
#include "analyzer/catalog/same.hpp"
#include "analyzer/replay/replay_state.hpp"

namespace sg::replay::detail {

namespace pg = catalog::pg;

void raise(std::string sqlstate, std::string message) { throw PgError{std::move(sqlstate), std::move(message)}; }

std::string creation_schema(const Ctx& c, const sql::QualifiedName& n) {
  if (!n.schema.empty()) {
    if (!c.st.cat.has_schema(n.schema)) raise("3F000", "schema \"" + n.schema + "\" does not exist");
    return n.schema;
  }
  for (const std::string& s : c.st.search_path)
    if (c.st.cat.has_schema(s)) return s;
  raise("3F000", "no schema has been selected to create in");
}

catalog::Table* find_table(Ctx& c, const sql::QualifiedName& n) {
  if (!n.schema.empty()) return c.st.cat.table(n.schema, n.name);
  if (catalog::Table* t = c.st.cat.table(kTempSchema, n.name)) return t;
  for (const std::string& s : c.st.search_path)
    if (catalog::Table* t = c.st.cat.table(s, n.name)) return t;
  return nullptr;
}

catalog::Table& require_table(Ctx& c, const sql::QualifiedName& n) {
  if (catalog::Table* t = find_table(c, n)) return *t;
  raise("42P01", "relation \"" + display(n) + "\" does not exist");
}

catalog::Enum* find_enum(Ctx& c, const sql::QualifiedName& n) {
  if (!n.schema.empty()) return c.st.cat.enum_type(n.schema, n.name);
  for (const std::string& s : c.st.search_path)
    if (catalog::Enum* e = c.st.cat.enum_type(s, n.name)) return e;
  return nullptr;
}

std::string display(const sql::QualifiedName& n) { return n.schema.empty() ? n.name : n.schema + "." + n.name; }

TableSource& sources_of(Ctx& c, const catalog::Table& t) { return c.st.sources[{t.schema, t.name}]; }

std::vector<std::string> sorted_names(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}
void add_names(std::vector<std::string>& names, size_t& distinct, const std::vector<std::string>& more) {
  names.insert(names.end(), more.begin(), more.end());
  if (names.size() >= 2 * distinct + 64) {
    names = sorted_names(std::move(names));
    distinct = names.size();
  }
}
bool holds(const std::vector<std::string>& sorted, const std::string& name) {
  return std::binary_search(sorted.begin(), sorted.end(), name);
}
std::vector<catalog::Table*> tables_named(catalog::Catalog& cat, const std::vector<std::string>& sorted) {
  std::vector<catalog::Table*> out;
  for (const std::string& name : sorted) {
    for (const std::string& schema : cat.schemas)
      if (catalog::Table* t = cat.table(schema, name)) out.push_back(t);
    if (catalog::Table* t = cat.table(kTempSchema, name)) out.push_back(t);
  }
  return out;
}

pg::ExprContext expr_context(Ctx& c, const catalog::Table* t) {
  pg::ExprContext ctx;
  ctx.catalog = &c.st.cat;
  ctx.table = t;
  TxFacts* tx = &c.tx;
  ctx.on_enum_label = [tx](const catalog::Enum& e, const std::string& label) {
    if (tx->uncommitted_labels.count({{e.schema, e.name}, label}))
      throw pg::ExprError{"55P04", "unsafe use of new value \"" + label + "\" of enum type " +
                                       pg::visible_name(e.schema, e.name)};
  };
  return ctx;
}

sql::TypeName type_name_of(const pg::TypeRef& t) {
  sql::TypeName tn;
  if (t.elem == "enum" || t.elem == "user") {
    tn.names = {t.schema, t.name};
  } else {
    tn.names = {"pg_catalog", t.elem};
    // Typmods as the grammar would give them: "(65,30)" -> {65, 30}.
    std::string m = t.mod;
    if (m.size() > 2) {
      m = m.substr(1, m.size() - 2);
      size_t start = 0;
      while (start <= m.size()) {
        size_t comma = m.find(',', start);
        sql::Expr e;
        e.kind = sql::ExprKind::Const;
        e.const_kind = sql::ConstKind::Integer;
        e.value = m.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        tn.typmods.push_back(std::move(e));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
  }
  tn.array_dims = t.array ? 1 : 0;
  return tn;
}

namespace {

// Operator classes that are the default for their type and access method: pg_get_indexdef leaves them out.
bool default_opclass(const std::string& name) {
  static const char* kDefaults[] = {"text_ops", "varchar_ops", "bpchar_ops", "int2_ops", "int4_ops", "int8_ops",
                                    "float4_ops", "float8_ops", "numeric_ops", "bool_ops", "uuid_ops",
                                    "timestamp_ops", "timestamptz_ops", "date_ops", "jsonb_ops", "array_ops",
                                    "enum_ops", "bytea_ops", "tsvector_ops", "inet_ops", "oid_ops"};
  for (const char* d : kDefaults)
    if (name == d) return true;
  return false;
}

std::string render_elem(Ctx& c, const catalog::Table& t, const sql::IndexElem& k, bool ordered,
                        std::string* column_out) {
  std::string out;
  if (k.expr) {
    auto txt = pg::deparse_index_expr(*k.expr, expr_context(c, &t));
    out = txt.function_like ? txt.plain : "(" + txt.plain + ")";
    if (column_out) *column_out = txt.function_like ? txt.pretty : "(" + txt.pretty + ")";
  } else {
    // A table made by CREATE TABLE ... AS has columns the replay cannot know: accept any name.
    if (!t.column(k.column) && !t.columns.empty()) raise("42703", "column \"" + k.column + "\" does not exist");
    out = pg::quote_ident(k.column);
    if (column_out) *column_out = k.column;
  }
  if (!k.collation.empty()) out += " COLLATE " + pg::quote_ident(k.collation);
  if (!k.opclass.empty() && !default_opclass(k.opclass.back())) {
    std::string schema = k.opclass.size() > 1 ? k.opclass[k.opclass.size() - 2] : "";
    out += " " + pg::visible_name(schema, k.opclass.back());
  }
  if (ordered) {
    bool desc = k.ordering == "DESC";
    if (desc) out += " DESC";
    if (desc && k.nulls_ordering == "LAST") out += " NULLS LAST";
    if (!desc && k.nulls_ordering == "FIRST") out += " NULLS FIRST";
  }
  return out;
}

}  // namespace

catalog::Index render_index(Ctx& c, const catalog::Table& t, const std::string& name, const IndexSource& src) {
  catalog::Index ix;
  ix.name = name;
  ix.unique = src.unique || src.primary;
  ix.primary = src.primary;
  ix.method = src.method;
  bool ordered = src.method == "btree";
  std::string keys;
  for (const sql::IndexElem& k : src.keys) {
    std::string col;
    if (!keys.empty()) keys += ", ";
    keys += render_elem(c, t, k, ordered, &col);
    ix.columns.push_back(col);
  }
  std::string def = std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " + pg::quote_ident(name) +
                    " ON " + (t.partitioned ? "ONLY " : "") + pg::qualified(t.schema, t.name) + " USING " + src.method + " (" + keys + ")";
  if (!src.including.empty()) {
    std::string inc;
    for (const sql::IndexElem& k : src.including) {
      if (!inc.empty()) inc += ", ";
      inc += render_elem(c, t, k, false, nullptr);
    }
    def += " INCLUDE (" + inc + ")";
  }
  if (src.nulls_not_distinct) def += " NULLS NOT DISTINCT";
  if (!src.options.empty()) {
    std::string o;
    for (const std::string& s : src.options) o += (o.empty() ? "" : ", ") + s;
    def += " WITH (" + o + ")";
  }
  if (src.where) {
    std::string pred = pg::deparse_bool(*src.where, expr_context(c, &t));
    ix.predicate = pred;
    def += " WHERE " + pred;
  }
  ix.definition = std::move(def);
  return ix;
}

std::string check_text(Ctx& c, const catalog::Table& t, const sql::Expr& e, bool not_valid) {
  return "CHECK (" + pg::deparse_bool(e, expr_context(c, &t)) + ")" + (not_valid ? " NOT VALID" : "");
}

void Ctx::reached(const std::vector<std::string>& names) {
  if (run_reach) add_names(run_reach->tables, run_reach->distinct, names);
  if (printed_words) printed_words->changed(names);
}

namespace {
bool has(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}
}  // namespace

bool index_uses_column(const TableSource* src, const catalog::Index& ix, const std::string& col) {
  if (has(ix.columns, col)) return true;
  if (!src) return false;
  auto it = src->indexes.find(ix.name);
  if (it == src->indexes.end()) return false;
  auto uses = [&](const sql::IndexElem& k) {
    if (k.column == col) return true;
    return k.expr && has(pg::referenced_columns(*k.expr), col);
  };
  for (const auto& k : it->second->keys) if (uses(k)) return true;
  for (const auto& k : it->second->including) if (uses(k)) return true;
  return it->second->where && has(pg::referenced_columns(*it->second->where), col);
}

namespace {

bool any_of_columns(const std::vector<std::string>& used, const Reprint& only) {
  return std::any_of(used.begin(), used.end(), [&](const std::string& c) { return has(only.columns, c); });
}

void rerender(Ctx& c, catalog::Table& t, const Reprint* only) {
  auto it = c.st.sources.find({t.schema, t.name});
  if (it == c.st.sources.end()) return;
  const TableSource& src = it->second;
  for (catalog::Column& col : t.columns) {
    // A default names no column, so it prints with its own column's type only; a generated column's expression
    // names others.
    if (only && !has(only->columns, col.name) && !has(only->defaults, col.name) && col.generated.empty()) continue;
    auto d = src.defaults.find(col.name);
    if (d == src.defaults.end()) continue;
    try {
      col.default_expr = pg::deparse_default(*d->second, pg::type_from_formatted(col.type), expr_context(c, &t));
    } catch (const pg::ExprError&) {
      // Keep the last good text: PostgreSQL stores the bound expression, which stays printable.
    }
  }
  for (catalog::Check& ch : t.checks) {
    auto s = src.checks.find(ch.name);
    if (s == src.checks.end()) continue;
    if (only && !has(only->checks, ch.name) && !any_of_columns(pg::referenced_columns(*s->second), *only)) continue;
    try {
      ch.expression = check_text(c, t, *s->second, !ch.validated);
    } catch (const pg::ExprError&) {
    }
  }
  for (catalog::Index& ix : t.indexes) {
    auto s = src.indexes.find(ix.name);
    if (s == src.indexes.end()) continue;
    if (only && !has(only->indexes, ix.name) &&
        std::none_of(only->columns.begin(), only->columns.end(),
                     [&](const std::string& col) { return index_uses_column(&src, ix, col); }))
      continue;
    try {
      ix = render_index(c, t, ix.name, *s->second);
    } catch (const PgError&) {
    } catch (const pg::ExprError&) {
    }
  }
}

}  // namespace

void rerender_table(Ctx& c, catalog::Table& t, const Reprint* only) {
  rerender(c, t, only);
#ifdef SCHEMAGATE_CHECK_LOOKUPS
  // Sanitizer builds check that re-printing only what a change reached leaves the table as re-printing it all.
  if (only) {
    catalog::Table all = t;
    rerender(c, all, nullptr);
    if (!catalog::same(all, t)) {
      std::fprintf(stderr, "schemagate: internal error: re-printing part of table %s missed a text\n", t.name.c_str());
      std::abort();
    }
  }
#endif
}

void drop_table_objects(Ctx& c, const catalog::Table& t) {
  auto& seqs = c.st.cat.sequences;
  seqs.erase(std::remove_if(seqs.begin(), seqs.end(),
                            [&](const catalog::Sequence& s) {
                              return s.schema == t.schema && s.owned_by &&
                                     s.owned_by->rfind(t.name + ".", 0) == 0 &&
                                     t.column(s.owned_by->substr(t.name.size() + 1));
                            }),
             seqs.end());
  auto& trg = c.st.cat.triggers;
  trg.erase(std::remove_if(trg.begin(), trg.end(),
                           [&](const catalog::Trigger& x) { return x.schema == t.schema && x.table == t.name; }),
            trg.end());
  c.st.sources.erase({t.schema, t.name});
}

void table_renamed(Ctx& c, const TableKey& from, const TableKey& to) {
  c.st.cat.table_names_changed();
  auto it = c.st.sources.find(from);
  if (it != c.st.sources.end()) {
    TableSource s = std::move(it->second);
    c.st.sources.erase(it);
    c.st.sources[to] = std::move(s);
  }
  for (catalog::Table& t : c.st.cat.tables)
    for (catalog::ForeignKey& f : t.foreign_keys)
      if (f.ref_schema == from.first && f.ref_table == from.second) {
        f.ref_schema = to.first;
        f.ref_table = to.second;
      }
  for (catalog::Sequence& s : c.st.cat.sequences)
    if (s.schema == from.first && s.owned_by && s.owned_by->rfind(from.second + ".", 0) == 0)
      s.owned_by = to.second + s.owned_by->substr(from.second.size());
  for (catalog::Trigger& x : c.st.cat.triggers)
    if (x.schema == from.first && x.table == from.second) {
      x.schema = to.first;
      x.table = to.second;
    }
}

}  // namespace sg::replay::detail
