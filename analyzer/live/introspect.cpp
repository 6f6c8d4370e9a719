#include "analyzer/live/introspect.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace sg::live {

namespace {

// Namespaces we describe: not system, not created by an extension script (pg_catalog.py's NS).
constexpr std::string_view kNamespaces = R"(
  SELECT n.oid FROM pg_namespace n
  WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass
                    AND d.objid = n.oid AND d.deptype = 'e')
)";

std::string not_extension_member(std::string_view classid, std::string_view oid) {
  return "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '" + std::string(classid) +
         "'::regclass AND e.objid = " + std::string(oid) + " AND e.deptype = 'e')";
}

std::string fk_action(const Value& v) {
  if (!v || v->empty()) return "NO ACTION";
  switch ((*v)[0]) {
    case 'r': return "RESTRICT";
    case 'c': return "CASCADE";
    case 'n': return "SET NULL";
    case 'd': return "SET DEFAULT";
    default: return "NO ACTION";
  }
}

const std::string& text(const Value& v) {
  static const std::string empty;
  return v ? *v : empty;
}

class Introspector {
 public:
  explicit Introspector(Session& s) : s_(s) {}

  catalog::Catalog run() {
    catalog::Catalog cat;
    std::string ns(kNamespaces);
    cat.schemas.clear();
    for (auto& r : s_.query("SELECT nspname FROM pg_namespace WHERE oid IN (" + ns + ") ORDER BY 1"))
      cat.schemas.push_back(text(r[0]));
    for (auto& r : s_.query(R"(
        SELECT x.extname, n.nspname FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
        WHERE x.extname <> 'plpgsql' ORDER BY 1)"))
      cat.extensions.push_back({text(r[0]), text(r[1])});
    for (auto& r : s_.query(R"(
        SELECT n.nspname, t.typname,
               ARRAY(SELECT enumlabel::text FROM pg_enum WHERE enumtypid = t.oid ORDER BY enumsortorder)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'e' AND t.typnamespace IN ()" + ns + ") AND " + not_extension_member("pg_type", "t.oid") +
                            " ORDER BY 1, 2"))
      cat.enums.push_back({text(r[0]), text(r[1]), pg_text_array(r[2])});
    for (auto& r : s_.query(R"(
        SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL),
               (SELECT t.relname || '.' || a.attname FROM pg_depend d
                  JOIN pg_class t ON t.oid = d.refobjid
                  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
                  AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i') LIMIT 1)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
        WHERE c.relkind = 'S' AND c.relnamespace IN ()" + ns + ") AND " + not_extension_member("pg_class", "c.oid") +
                            " ORDER BY 1, 2"))
      cat.sequences.push_back({text(r[0]), text(r[1]), text(r[2]), r[3]});
    for (auto& r : s_.query(R"(
        SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND c.relnamespace IN ()" + ns + ") AND " +
                            not_extension_member("pg_class", "c.oid") + " ORDER BY 2, 3"))
      cat.tables.push_back(table(text(r[0]), text(r[1]), text(r[2])));
    for (auto& r : s_.query(R"(
        SELECT n.nspname, c.relname, c.relkind = 'm', pg_get_viewdef(c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('v', 'm') AND c.relnamespace IN ()" + ns + ") AND " +
                            not_extension_member("pg_class", "c.oid") + " ORDER BY 1, 2"))
      cat.views.push_back({text(r[0]), text(r[1]), pg_bool(r[2]), text(r[3])});
    for (auto& r : s_.query(R"(
        SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE p.pronamespace IN ()" + ns + ") AND " + not_extension_member("pg_proc", "p.oid") +
                            " ORDER BY 1, 2, 3"))
      cat.functions.push_back({text(r[0]), text(r[1]), text(r[2])});
    for (auto& r : s_.query(R"(
        SELECT n.nspname, c.relname, t.tgname
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT t.tgisinternal AND c.relnamespace IN ()" + ns + ") AND " +
                            not_extension_member("pg_class", "c.oid") + " ORDER BY 1, 2, 3"))
      cat.triggers.push_back({text(r[0]), text(r[1]), text(r[2])});
    sort_bytewise(cat);
    return cat;
  }

 private:
  // Column names of one relation by attnum (dropped columns included, as pg_catalog.py reads them).
  const std::map<int, std::string>& attnames(const std::string& relid) {
    auto it = attnames_.find(relid);
    if (it != attnames_.end()) return it->second;
    std::map<int, std::string> names;
    for (auto& r : s_.query("SELECT attnum, attname FROM pg_attribute WHERE attrelid = $1 AND attnum > 0", {relid}))
      names.emplace(std::stoi(text(r[0])), text(r[1]));
    return attnames_.emplace(relid, std::move(names)).first->second;
  }

  std::vector<std::string> names_of(const std::string& relid, const std::vector<int>& attnums) {
    const auto& names = attnames(relid);
    std::vector<std::string> out;
    for (int a : attnums) {
      auto it = names.find(a);
      out.push_back(it == names.end() ? std::to_string(a) : it->second);
    }
    return out;
  }

  catalog::Table table(const std::string& oid, std::string schema, std::string name) {
    catalog::Table t;
    t.schema = std::move(schema);
    t.name = std::move(name);
    for (auto& r : s_.query(R"(
            SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)",
                            {oid})) {
      catalog::Column c;
      c.name = text(r[0]);
      c.type = text(r[1]);
      c.nullable = pg_bool(r[2]);
      c.default_expr = r[3];
      c.identity = text(r[4]);
      c.generated = text(r[5]);
      t.columns.push_back(std::move(c));
    }
    for (auto& r : s_.query(R"(
            SELECT conname, contype::text, conkey::int[], confrelid, confkey::int[], confdeltype::text,
                   confupdtype::text, condeferrable, convalidated, pg_get_constraintdef(oid)
            FROM pg_constraint WHERE conrelid = $1 ORDER BY conname)",
                            {oid})) {
      const std::string& kind = text(r[1]);
      if (kind == "p") {
        t.primary_key = catalog::KeyConstraint{text(r[0]), names_of(oid, pg_int_array(r[2]))};
      } else if (kind == "u") {
        t.unique_constraints.push_back({text(r[0]), names_of(oid, pg_int_array(r[2]))});
      } else if (kind == "f") {
        catalog::ForeignKey fk;
        fk.name = text(r[0]);
        fk.columns = names_of(oid, pg_int_array(r[2]));
        auto ref = s_.query(R"(SELECT n.nspname, c.relname FROM pg_class c
                               JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1)",
                            {r[3]});
        if (!ref.empty()) { fk.ref_schema = text(ref[0][0]); fk.ref_table = text(ref[0][1]); }
        fk.ref_columns = names_of(text(r[3]), pg_int_array(r[4]));
        fk.on_delete = fk_action(r[5]);
        fk.on_update = fk_action(r[6]);
        fk.deferrable = pg_bool(r[7]);
        fk.validated = pg_bool(r[8]);
        t.foreign_keys.push_back(std::move(fk));
      } else if (kind == "c") {
        t.checks.push_back({text(r[0]), text(r[9]), pg_bool(r[8])});
      }
    }
    for (auto& r : s_.query(R"(
            SELECT i.indexrelid, c.relname, i.indisunique, i.indisprimary, am.amname,
                   pg_get_indexdef(i.indexrelid), pg_get_expr(i.indpred, i.indrelid),
                   (i.indkey::int2[])[0:i.indnkeyatts - 1]::int[]
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
            WHERE i.indrelid = $1 ORDER BY c.relname)",
                            {oid})) {
      catalog::Index ix;
      ix.name = text(r[1]);
      ix.unique = pg_bool(r[2]);
      ix.primary = pg_bool(r[3]);
      ix.method = text(r[4]);
      ix.definition = text(r[5]);
      ix.predicate = r[6];
      std::vector<int> keys = pg_int_array(r[7]);
      for (size_t k = 0; k < keys.size(); ++k) {
        if (keys[k] != 0) {
          ix.columns.push_back(names_of(oid, {keys[k]})[0]);
        } else {
          auto e = s_.query("SELECT pg_get_indexdef($1, $2, true)", {r[0], std::to_string(k + 1)});
          ix.columns.push_back(e.empty() ? std::string() : text(e[0][0]));
        }
      }
      t.indexes.push_back(std::move(ix));
    }
    return t;
  }

  // The catalog/1 rule is bytewise order; text columns sorted by SQL follow the database's collation.
  static void sort_bytewise(catalog::Catalog& c) {
    auto by = [](auto key) { return [key](const auto& a, const auto& b) { return key(a) < key(b); }; };
    std::stable_sort(c.schemas.begin(), c.schemas.end());
    std::stable_sort(c.extensions.begin(), c.extensions.end(), by([](const auto& x) { return x.name; }));
    std::stable_sort(c.enums.begin(), c.enums.end(), by([](const auto& x) { return std::tie(x.schema, x.name); }));
    std::stable_sort(c.sequences.begin(), c.sequences.end(), by([](const auto& x) { return std::tie(x.schema, x.name); }));
    std::stable_sort(c.tables.begin(), c.tables.end(), by([](const auto& x) { return std::tie(x.schema, x.name); }));
    c.table_names_changed();
    std::stable_sort(c.views.begin(), c.views.end(), by([](const auto& x) { return std::tie(x.schema, x.name); }));
    std::stable_sort(c.functions.begin(), c.functions.end(),
                     by([](const auto& x) { return std::tie(x.schema, x.name, x.arguments); }));
    std::stable_sort(c.triggers.begin(), c.triggers.end(),
                     by([](const auto& x) { return std::tie(x.schema, x.table, x.name); }));
  }

  Session& s_;
  std::map<std::string, std::map<int, std::string>> attnames_;
};

}  // namespace

catalog::Catalog introspect(Session& session) { return Introspector(session).run(); }

}  // namespace sg::live
