#include "analyzer/catalog/compare.hpp"

#include <map>
#include <sstream>

namespace sg::catalog {

namespace {

std::string opt(const std::optional<std::string>& s) { return s ? *s : std::string("null"); }

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ",") + x;
  return "(" + out + ")";
}

// Matches named things by key; calls `same` on pairs, counts the rest as missing or extra.
template <class T, class Key, class Same>
void match(const std::vector<T>& exp, const std::vector<T>& act, Key key, Same same, MatchCount& count,
           std::vector<std::string>& diffs, const std::string& what) {
  std::map<std::string, const T*> by_key;
  for (const T& a : act) by_key[key(a)] = &a;
  count.expected += exp.size();
  std::map<std::string, bool> seen;
  for (const T& e : exp) {
    auto it = by_key.find(key(e));
    seen[key(e)] = true;
    if (it == by_key.end()) {
      diffs.push_back(what + " " + key(e) + ": missing");
      continue;
    }
    std::string why = same(e, *it->second);
    if (why.empty()) ++count.matched;
    else diffs.push_back(what + " " + key(e) + ": " + why);
  }
  for (const T& a : act)
    if (!seen.count(key(a))) {
      ++count.extra;
      diffs.push_back(what + " " + key(a) + ": unexpected");
    }
}

void text(const std::string& where, const std::string& e, const std::string& a, MatchCount& c,
          std::vector<std::string>& diffs) {
  ++c.expected;
  if (e == a) ++c.matched;
  else diffs.push_back(where + ": `" + e + "` != `" + a + "`");
}

}  // namespace

bool CatalogComparison::structure_matches() const {
  for (const MatchCount* m : {&schemas, &extensions, &enums, &sequences, &tables, &columns, &keys, &indexes,
                              &foreign_keys, &checks, &views, &functions, &triggers})
    if (!m->perfect()) return false;
  return true;
}

std::string CatalogComparison::summary() const {
  std::ostringstream out;
  auto line = [&](const char* n, const MatchCount& m) {
    out << "  " << n << " " << m.matched << "/" << m.expected;
    if (m.extra) out << " (+" << m.extra << " unexpected)";
    out << "\n";
  };
  line("schemas", schemas);
  line("extensions", extensions);
  line("enums", enums);
  line("sequences", sequences);
  line("tables", tables);
  line("columns", columns);
  line("keys", keys);
  line("indexes", indexes);
  line("foreign keys", foreign_keys);
  line("checks", checks);
  line("views", views);
  line("functions", functions);
  line("triggers", triggers);
  line("text: defaults", defaults);
  line("text: checks", check_texts);
  line("text: index definitions", index_definitions);
  line("text: predicates", predicates);
  return out.str();
}

CatalogComparison compare_catalogs(const Catalog& exp, const Catalog& act) {
  CatalogComparison r;
  auto& d = r.differences;
  std::vector<std::string> es = exp.schemas, as = act.schemas;
  match(
      es, as, [](const std::string& s) { return s; }, [](auto&, auto&) { return std::string(); }, r.schemas, d,
      "schema");
  match(
      exp.extensions, act.extensions, [](const Extension& e) { return e.name; },
      [](const Extension& e, const Extension& a) { return e.schema == a.schema ? "" : "schema " + e.schema + " != " + a.schema; },
      r.extensions, d, "extension");
  match(
      exp.enums, act.enums, [](const Enum& e) { return e.schema + "." + e.name; },
      [](const Enum& e, const Enum& a) { return e.values == a.values ? "" : "values " + join(e.values) + " != " + join(a.values); },
      r.enums, d, "enum");
  match(
      exp.sequences, act.sequences, [](const Sequence& s) { return s.schema + "." + s.name; },
      [](const Sequence& e, const Sequence& a) {
        if (e.type != a.type) return "type " + e.type + " != " + a.type;
        if (e.owned_by != a.owned_by) return "ownedBy " + opt(e.owned_by) + " != " + opt(a.owned_by);
        return std::string();
      },
      r.sequences, d, "sequence");
  match(
      exp.views, act.views, [](const View& v) { return v.schema + "." + v.name; },
      [](const View& e, const View& a) { return e.materialized == a.materialized ? "" : "materialized differs"; },
      r.views, d, "view");
  match(
      exp.functions, act.functions, [](const Function& f) { return f.schema + "." + f.name; },
      [](auto&, auto&) { return std::string(); }, r.functions, d, "function");
  match(
      exp.triggers, act.triggers, [](const Trigger& t) { return t.schema + "." + t.table + "." + t.name; },
      [](auto&, auto&) { return std::string(); }, r.triggers, d, "trigger");

  match(
      exp.tables, act.tables, [](const Table& t) { return t.schema + "." + t.name; },
      [&](const Table& e, const Table& a) {
        const std::string where = "table " + e.schema + "." + e.name;
        size_t before = d.size();
        std::vector<Column> ec = e.columns, ac = a.columns;
        match(
            ec, ac, [](const Column& c) { return c.name; },
            [&](const Column& x, const Column& y) {
              if (x.type != y.type) return "type " + x.type + " != " + y.type;
              if (x.nullable != y.nullable) return std::string("nullability differs");
              if (x.identity != y.identity || x.generated != y.generated) return std::string("identity/generated differs");
              if (x.default_expr.has_value() != y.default_expr.has_value())
                return "default " + opt(x.default_expr) + " != " + opt(y.default_expr);
              return std::string();
            },
            r.columns, d, where + " column");
        for (const Column& x : e.columns)
          if (x.default_expr)
            if (const Column* y = a.column(x.name))
              text(where + " default of " + x.name, *x.default_expr, opt(y->default_expr), r.defaults, d);
        std::vector<KeyConstraint> ek = e.unique_constraints, ak = a.unique_constraints;
        if (e.primary_key) ek.push_back(*e.primary_key);
        if (a.primary_key) ak.push_back(*a.primary_key);
        match(
            ek, ak, [](const KeyConstraint& k) { return k.name; },
            [](const KeyConstraint& x, const KeyConstraint& y) {
              return x.columns == y.columns ? "" : "columns " + join(x.columns) + " != " + join(y.columns);
            },
            r.keys, d, where + " key");
        if (e.primary_key.has_value() != a.primary_key.has_value()) d.push_back(where + ": primary key presence differs");
        match(
            e.foreign_keys, a.foreign_keys, [](const ForeignKey& f) { return f.name; },
            [](const ForeignKey& x, const ForeignKey& y) {
              if (x.columns != y.columns || x.ref_columns != y.ref_columns) return std::string("columns differ");
              if (x.ref_schema != y.ref_schema || x.ref_table != y.ref_table)
                return "references " + x.ref_table + " != " + y.ref_table;
              if (x.on_delete != y.on_delete || x.on_update != y.on_update) return std::string("actions differ");
              if (x.deferrable != y.deferrable || x.validated != y.validated)
                return std::string("deferrable/validated differ");
              return std::string();
            },
            r.foreign_keys, d, where + " foreign key");
        match(
            e.checks, a.checks, [](const Check& c) { return c.name; }, [](auto&, auto&) { return std::string(); },
            r.checks, d, where + " check");
        for (const Check& x : e.checks)
          for (const Check& y : a.checks)
            if (x.name == y.name) text(where + " check " + x.name, x.expression, y.expression, r.check_texts, d);
        match(
            e.indexes, a.indexes, [](const Index& i) { return i.name; },
            [](const Index& x, const Index& y) {
              if (x.unique != y.unique || x.primary != y.primary) return std::string("unique/primary differ");
              if (x.method != y.method) return "method " + x.method + " != " + y.method;
              if (x.columns != y.columns) return "columns " + join(x.columns) + " != " + join(y.columns);
              if (x.predicate.has_value() != y.predicate.has_value()) return std::string("partial-ness differs");
              return std::string();
            },
            r.indexes, d, where + " index");
        for (const Index& x : e.indexes)
          for (const Index& y : a.indexes)
            if (x.name == y.name) {
              text(where + " index " + x.name, x.definition, y.definition, r.index_definitions, d);
              if (x.predicate) text(where + " predicate of " + x.name, *x.predicate, opt(y.predicate), r.predicates, d);
            }
        return d.size() == before ? std::string() : std::string("differs (see above)");
      },
      r.tables, d, "table");
  return r;
}

}  // namespace sg::catalog
