// to_mermaid: an `erDiagram` GitHub renders. Mermaid identifiers allow only letters, digits, `_` and `-`,
// so names are sanitised (and schema-prefixed outside public); the FK name labels each relationship.
#include <algorithm>
#include <functional>
#include <set>
#include <sstream>

#include "analyzer/catalog/catalog.hpp"

namespace sg::catalog {

namespace {

std::string mermaid_word(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              (static_cast<unsigned char>(c) >= 0x80);
    out += ok ? c : '_';
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9') || out[0] == '-') out = "_" + out;
  return out;
}

std::string entity(std::string_view schema, std::string_view name) {
  return schema == "public" ? mermaid_word(name) : mermaid_word(std::string(schema) + "_" + std::string(name));
}

// Mermaid attribute types: one word, brackets allowed (`varchar(255)`, `text[]`).
std::string mermaid_type(std::string_view type) {
  std::string t(type);
  auto replace = [&](std::string_view from, std::string_view to) {
    for (size_t p = t.find(from); p != std::string::npos; p = t.find(from, p + to.size()))
      t.replace(p, from.size(), to);
  };
  replace("character varying", "varchar");
  replace(" without time zone", "");
  replace(" with time zone", "tz");
  replace("double precision", "float8");
  std::string out;
  for (char c : t) {
    if (c == '"') continue;
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '(' || c == ')' || c == '[' || c == ']';
    out += ok ? c : '_';
  }
  if (out.empty() || !((out[0] >= 'a' && out[0] <= 'z') || (out[0] >= 'A' && out[0] <= 'Z'))) out = "t_" + out;
  return out;
}

// A relationship label is a quoted string: a constraint name with a quote, a backtick or a newline would end
// it (or, inside a Markdown fence, the diagram), so those become `_`.
std::string mermaid_label(std::string_view s) {
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    out += (c == '"' || c == '`' || c == '#' || c == ';' || u < 0x20 || u == 0x7f) ? '_' : c;
  }
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

using Shown = std::function<bool(const std::string& schema, const std::string& name)>;

// The diagram of the tables `shown` accepts; a relationship appears when both its ends do.
std::string render(const Catalog& c, const Shown& shown) {
  std::ostringstream out;
  out << "erDiagram\n";
  for (const Table& t : c.tables) {
    if (!shown(t.schema, t.name)) continue;
    out << "    " << entity(t.schema, t.name) << " {\n";
    for (const Column& col : t.columns) {
      std::vector<std::string> keys = column_keys(t, col);
      out << "        " << mermaid_type(col.type) << " " << mermaid_word(col.name);
      for (size_t k = 0; k < keys.size(); ++k) out << (k ? ", " : " ") << keys[k];
      if (col.nullable) out << " \"nullable\"";
      out << "\n";
    }
    out << "    }\n";
  }
  for (const Table& t : c.tables)
    for (const ForeignKey& f : t.foreign_keys) {
      if (!shown(t.schema, t.name) || !shown(f.ref_schema, f.ref_table)) continue;
      bool nullable = std::any_of(f.columns.begin(), f.columns.end(), [&](const std::string& n) {
        const Column* col = t.column(n);
        return col && col->nullable;
      });
      auto same = [&](const std::vector<std::string>& cols) {
        auto a = cols, b = f.columns;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        return a == b;
      };
      bool one = (t.primary_key && same(t.primary_key->columns)) ||
                 std::any_of(t.unique_constraints.begin(), t.unique_constraints.end(),
                             [&](const KeyConstraint& u) { return same(u.columns); }) ||
                 std::any_of(t.indexes.begin(), t.indexes.end(),
                             [&](const Index& i) { return i.unique && !i.predicate && same(i.columns); });
      out << "    " << entity(f.ref_schema, f.ref_table) << (nullable ? " |o--" : " ||--") << (one ? "o| " : "o{ ")
          << entity(t.schema, t.name) << " : \"" << mermaid_label(f.name) << "\"\n";
    }
  return out.str();
}

}  // namespace

std::vector<std::string> column_keys(const Table& t, const Column& col) {
  std::vector<std::string> keys;
  if (t.primary_key && contains(t.primary_key->columns, col.name)) keys.push_back("PK");
  for (const ForeignKey& f : t.foreign_keys)
    if (contains(f.columns, col.name) && !contains(keys, "FK")) keys.push_back("FK");
  for (const KeyConstraint& u : t.unique_constraints)
    if (u.columns.size() == 1 && u.columns[0] == col.name && !contains(keys, "UK")) keys.push_back("UK");
  for (const Index& i : t.indexes)
    if (i.unique && !i.primary && !i.predicate && i.columns.size() == 1 && i.columns[0] == col.name &&
        !contains(keys, "UK"))
      keys.push_back("UK");
  return keys;
}

std::string to_mermaid(const Catalog& c) {
  return render(c, [](const std::string&, const std::string&) { return true; });
}

std::string to_mermaid(const Catalog& c, const std::vector<TableKey>& focus) {
  std::set<TableKey> shown;
  for (const TableKey& k : focus)
    if (c.table(k.first, k.second)) shown.insert(k);
  std::set<TableKey> neighbours;
  for (const Table& t : c.tables)
    for (const ForeignKey& f : t.foreign_keys) {
      TableKey from{t.schema, t.name}, to{f.ref_schema, f.ref_table};
      if (shown.count(from) && c.table(to.first, to.second)) neighbours.insert(to);
      if (shown.count(to)) neighbours.insert(from);
    }
  shown.insert(neighbours.begin(), neighbours.end());
  return render(c, [&](const std::string& schema, const std::string& name) { return shown.count({schema, name}) > 0; });
}

}  // namespace sg::catalog
