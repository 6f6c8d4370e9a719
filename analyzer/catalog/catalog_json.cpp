// catalog/1 JSON I/O. The writer mirrors ../shared/tools/pg_catalog.py (json.dumps(indent=1)) key for key,
// so a replayed catalog and a live one can be compared with plain `diff`.
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "analyzer/catalog/catalog.hpp"

namespace sg::catalog {

using ojson = nlohmann::ordered_json;

namespace {

ojson opt(const std::optional<std::string>& s) { return s ? ojson(*s) : ojson(nullptr); }

ojson table_json(const Table& t) {
  ojson j;
  j["schema"] = t.schema;
  j["name"] = t.name;
  j["columns"] = ojson::array();
  for (const Column& c : t.columns) {
    ojson cj;
    cj["name"] = c.name;
    cj["type"] = c.type;
    cj["nullable"] = c.nullable;
    cj["default"] = opt(c.default_expr);
    cj["identity"] = c.identity;
    cj["generated"] = c.generated;
    j["columns"].push_back(std::move(cj));
  }
  if (t.primary_key) {
    ojson pk;
    pk["name"] = t.primary_key->name;
    pk["columns"] = t.primary_key->columns;
    j["primaryKey"] = std::move(pk);
  } else {
    j["primaryKey"] = nullptr;
  }
  j["uniqueConstraints"] = ojson::array();
  for (const KeyConstraint& u : t.unique_constraints) {
    ojson uj;
    uj["name"] = u.name;
    uj["columns"] = u.columns;
    j["uniqueConstraints"].push_back(std::move(uj));
  }
  j["foreignKeys"] = ojson::array();
  for (const ForeignKey& f : t.foreign_keys) {
    ojson fj;
    fj["name"] = f.name;
    fj["columns"] = f.columns;
    fj["refSchema"] = f.ref_schema;
    fj["refTable"] = f.ref_table;
    fj["refColumns"] = f.ref_columns;
    fj["onDelete"] = f.on_delete;
    fj["onUpdate"] = f.on_update;
    fj["deferrable"] = f.deferrable;
    fj["validated"] = f.validated;
    j["foreignKeys"].push_back(std::move(fj));
  }
  j["checks"] = ojson::array();
  for (const Check& c : t.checks) {
    ojson cj;
    cj["name"] = c.name;
    cj["expression"] = c.expression;
    j["checks"].push_back(std::move(cj));
  }
  j["indexes"] = ojson::array();
  for (const Index& i : t.indexes) {
    ojson ij;
    ij["name"] = i.name;
    ij["unique"] = i.unique;
    ij["primary"] = i.primary;
    ij["method"] = i.method;
    ij["definition"] = i.definition;
    ij["predicate"] = opt(i.predicate);
    ij["columns"] = i.columns;
    j["indexes"].push_back(std::move(ij));
  }
  return j;
}

const ojson& member(const ojson& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) throw std::runtime_error(std::string("catalog/1: missing key \"") + key + "\"");
  return *it;
}
std::string str(const ojson& j, const char* key) {
  const ojson& v = member(j, key);
  if (!v.is_string()) throw std::runtime_error(std::string("catalog/1: \"") + key + "\" must be a string");
  return v.get<std::string>();
}
std::optional<std::string> opt_str(const ojson& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw std::runtime_error(std::string("catalog/1: \"") + key + "\" must be a string or null");
  return it->get<std::string>();
}
bool boolean(const ojson& j, const char* key, bool fallback) {
  auto it = j.find(key);
  if (it == j.end()) return fallback;
  if (!it->is_boolean()) throw std::runtime_error(std::string("catalog/1: \"") + key + "\" must be a boolean");
  return it->get<bool>();
}
std::vector<std::string> strings(const ojson& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_array()) throw std::runtime_error(std::string("catalog/1: \"") + key + "\" must be an array");
  for (const ojson& v : *it) {
    if (!v.is_string()) throw std::runtime_error(std::string("catalog/1: \"") + key + "\" must hold strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}
const ojson& array(const ojson& j, const char* key) {
  static const ojson empty = ojson::array();
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return empty;
  if (!it->is_array()) throw std::runtime_error(std::string("catalog/1: \"") + key + "\" must be an array");
  return *it;
}

Table table_from(const ojson& j) {
  Table t;
  t.schema = str(j, "schema");
  t.name = str(j, "name");
  for (const ojson& c : array(j, "columns")) {
    Column col;
    col.name = str(c, "name");
    col.type = str(c, "type");
    col.nullable = boolean(c, "nullable", true);
    col.default_expr = opt_str(c, "default");
    col.identity = opt_str(c, "identity").value_or("");
    col.generated = opt_str(c, "generated").value_or("");
    t.columns.push_back(std::move(col));
  }
  if (auto it = j.find("primaryKey"); it != j.end() && !it->is_null())
    t.primary_key = KeyConstraint{str(*it, "name"), strings(*it, "columns")};
  for (const ojson& u : array(j, "uniqueConstraints"))
    t.unique_constraints.push_back(KeyConstraint{str(u, "name"), strings(u, "columns")});
  for (const ojson& f : array(j, "foreignKeys")) {
    ForeignKey fk;
    fk.name = str(f, "name");
    fk.columns = strings(f, "columns");
    fk.ref_schema = str(f, "refSchema");
    fk.ref_table = str(f, "refTable");
    fk.ref_columns = strings(f, "refColumns");
    fk.on_delete = opt_str(f, "onDelete").value_or("NO ACTION");
    fk.on_update = opt_str(f, "onUpdate").value_or("NO ACTION");
    fk.deferrable = boolean(f, "deferrable", false);
    fk.validated = boolean(f, "validated", true);
    t.foreign_keys.push_back(std::move(fk));
  }
  for (const ojson& c : array(j, "checks")) {
    Check ch{str(c, "name"), str(c, "expression"), true};
    ch.validated = ch.expression.find(" NOT VALID") == std::string::npos;
    t.checks.push_back(std::move(ch));
  }
  for (const ojson& i : array(j, "indexes")) {
    Index ix;
    ix.name = str(i, "name");
    ix.unique = boolean(i, "unique", false);
    ix.primary = boolean(i, "primary", false);
    ix.method = opt_str(i, "method").value_or("btree");
    ix.definition = opt_str(i, "definition").value_or("");
    ix.predicate = opt_str(i, "predicate");
    ix.columns = strings(i, "columns");
    if (ix.definition.find(" ON ONLY ") != std::string::npos) t.partitioned = true;
    t.indexes.push_back(std::move(ix));
  }
  return t;
}

}  // namespace

std::string to_json(const Catalog& c) {
  ojson j;
  j["format"] = "catalog/1";
  j["schemas"] = c.schemas;
  j["extensions"] = ojson::array();
  for (const Extension& e : c.extensions) j["extensions"].push_back(ojson{{"name", e.name}, {"schema", e.schema}});
  j["enums"] = ojson::array();
  for (const Enum& e : c.enums)
    j["enums"].push_back(ojson{{"schema", e.schema}, {"name", e.name}, {"values", e.values}});
  j["sequences"] = ojson::array();
  for (const Sequence& s : c.sequences)
    j["sequences"].push_back(
        ojson{{"schema", s.schema}, {"name", s.name}, {"type", s.type}, {"ownedBy", opt(s.owned_by)}});
  j["tables"] = ojson::array();
  for (const Table& t : c.tables) j["tables"].push_back(table_json(t));
  j["views"] = ojson::array();
  for (const View& v : c.views)
    j["views"].push_back(ojson{
        {"schema", v.schema}, {"name", v.name}, {"materialized", v.materialized}, {"definition", v.definition}});
  j["functions"] = ojson::array();
  for (const Function& f : c.functions)
    j["functions"].push_back(ojson{{"schema", f.schema}, {"name", f.name}, {"arguments", f.arguments}});
  j["triggers"] = ojson::array();
  for (const Trigger& t : c.triggers)
    j["triggers"].push_back(ojson{{"schema", t.schema}, {"table", t.table}, {"name", t.name}});
  return j.dump(1, ' ', false, ojson::error_handler_t::replace) + "\n";
}

Catalog catalog_from_json(std::string_view text) {
  ojson j;
  try {
    j = ojson::parse(text);
  } catch (const ojson::parse_error& e) {
    throw std::runtime_error(std::string("catalog/1: not valid JSON: ") + e.what());
  }
  if (!j.is_object()) throw std::runtime_error("catalog/1: the document must be a JSON object");
  if (auto f = opt_str(j, "format"); f && *f != "catalog/1")
    throw std::runtime_error("catalog/1: unsupported format \"" + *f + "\"");
  Catalog c;
  c.schemas = strings(j, "schemas");
  for (const ojson& e : array(j, "extensions")) c.extensions.push_back(Extension{str(e, "name"), str(e, "schema")});
  for (const ojson& e : array(j, "enums")) c.enums.push_back(Enum{str(e, "schema"), str(e, "name"), strings(e, "values")});
  for (const ojson& s : array(j, "sequences"))
    c.sequences.push_back(Sequence{str(s, "schema"), str(s, "name"), opt_str(s, "type").value_or("bigint"),
                                   opt_str(s, "ownedBy")});
  for (const ojson& t : array(j, "tables")) c.tables.push_back(table_from(t));
  for (const ojson& v : array(j, "views"))
    c.views.push_back(View{str(v, "schema"), str(v, "name"), boolean(v, "materialized", false),
                           opt_str(v, "definition").value_or("")});
  for (const ojson& f : array(j, "functions"))
    c.functions.push_back(Function{str(f, "schema"), str(f, "name"), opt_str(f, "arguments").value_or("")});
  for (const ojson& t : array(j, "triggers"))
    c.triggers.push_back(Trigger{str(t, "schema"), str(t, "table"), str(t, "name")});
  return c;
}

}  // namespace sg::catalog
