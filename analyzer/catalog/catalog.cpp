#include "analyzer/catalog/catalog.hpp"

#include <algorithm>
#include <tuple>

namespace sg::catalog {

namespace {
template <class T, class Pred>
T* find_in(std::vector<T>& v, Pred p) {
  auto it = std::find_if(v.begin(), v.end(), p);
  return it == v.end() ? nullptr : &*it;
}
template <class T, class Pred>
const T* find_in(const std::vector<T>& v, Pred p) {
  auto it = std::find_if(v.begin(), v.end(), p);
  return it == v.end() ? nullptr : &*it;
}
}  // namespace

const Column* Table::column(std::string_view n) const {
  return find_in(columns, [&](const Column& c) { return c.name == n; });
}
Column* Table::column(std::string_view n) {
  return find_in(columns, [&](const Column& c) { return c.name == n; });
}

const Table* Catalog::table(std::string_view schema, std::string_view name) const {
  return find_in(tables, [&](const Table& t) { return t.name == name && t.schema == schema; });
}
Table* Catalog::table(std::string_view schema, std::string_view name) {
  return find_in(tables, [&](const Table& t) { return t.name == name && t.schema == schema; });
}
const Enum* Catalog::enum_type(std::string_view schema, std::string_view name) const {
  return find_in(enums, [&](const Enum& e) { return e.name == name && e.schema == schema; });
}
Enum* Catalog::enum_type(std::string_view schema, std::string_view name) {
  return find_in(enums, [&](const Enum& e) { return e.name == name && e.schema == schema; });
}
const Sequence* Catalog::sequence(std::string_view schema, std::string_view name) const {
  return find_in(sequences, [&](const Sequence& s) { return s.name == name && s.schema == schema; });
}
const View* Catalog::view(std::string_view schema, std::string_view name) const {
  return find_in(views, [&](const View& v) { return v.name == name && v.schema == schema; });
}
bool Catalog::has_schema(std::string_view name) const {
  return std::find(schemas.begin(), schemas.end(), name) != schemas.end();
}

const Table* Catalog::table_of_index(std::string_view schema, std::string_view name) const {
  for (const Table& t : tables) {
    if (t.schema != schema) continue;
    for (const Index& i : t.indexes)
      if (i.name == name) return &t;
  }
  return nullptr;
}

bool Catalog::relation_exists(std::string_view schema, std::string_view name) const {
  return table(schema, name) || sequence(schema, name) || view(schema, name) || table_of_index(schema, name);
}

namespace {
// Replay sorts after every file, when the arrays are almost always in order already: checking is linear.
// Sorting only what follows the sorted prefix and merging keeps that linear when a file adds a few objects.
template <class It, class Less = std::less<>>
void sort_if_needed(It first, It last, Less less = {}) {
  It tail = std::is_sorted_until(first, last, less);
  if (tail == last) return;
  std::sort(tail, last, less);
  std::inplace_merge(first, tail, last, less);
}
}  // namespace

void sort_catalog(Catalog& c) {
  sort_if_needed(c.schemas.begin(), c.schemas.end());
  c.schemas.erase(std::unique(c.schemas.begin(), c.schemas.end()), c.schemas.end());
  auto by_schema_name = [](const auto& a, const auto& b) {
    return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
  };
  sort_if_needed(c.extensions.begin(), c.extensions.end(),
            [](const Extension& a, const Extension& b) { return a.name < b.name; });
  sort_if_needed(c.enums.begin(), c.enums.end(), by_schema_name);
  sort_if_needed(c.sequences.begin(), c.sequences.end(), by_schema_name);
  sort_if_needed(c.tables.begin(), c.tables.end(), by_schema_name);
  sort_if_needed(c.views.begin(), c.views.end(), by_schema_name);
  sort_if_needed(c.functions.begin(), c.functions.end(), [](const Function& a, const Function& b) {
    return std::tie(a.schema, a.name, a.arguments) < std::tie(b.schema, b.name, b.arguments);
  });
  sort_if_needed(c.triggers.begin(), c.triggers.end(), [](const Trigger& a, const Trigger& b) {
    return std::tie(a.schema, a.table, a.name) < std::tie(b.schema, b.table, b.name);
  });
  auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  for (Table& t : c.tables) {
    sort_if_needed(t.unique_constraints.begin(), t.unique_constraints.end(), by_name);
    sort_if_needed(t.foreign_keys.begin(), t.foreign_keys.end(), by_name);
    sort_if_needed(t.checks.begin(), t.checks.end(), by_name);
    sort_if_needed(t.indexes.begin(), t.indexes.end(), by_name);
  }
}

}  // namespace sg::catalog
