#include "analyzer/catalog/catalog.hpp"
#include "analyzer/catalog/sort.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <tuple>
#include <utility>

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

namespace {
constexpr uint32_t kEmpty = UINT32_MAX;
size_t name_hash(std::string_view schema, std::string_view name) {
  size_t h = std::hash<std::string_view>{}(name);
  return h ^ (std::hash<std::string_view>{}(schema) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
}
}  // namespace

void TableLookup::rebuild(const std::vector<Table>& tables, uint64_t generation) const {
  size_t capacity = 16;
  while (capacity < tables.size() * 2) capacity *= 2;
  slots_.assign(capacity, kEmpty);
  for (size_t i = 0; i < tables.size(); ++i) insert(tables, i);
  data_ = tables.data();
  size_ = tables.size();
  generation_ = generation;
}

bool TableLookup::current(const std::vector<Table>& tables, uint64_t generation) const {
  return !slots_.empty() && data_ == tables.data() && size_ == tables.size() && generation_ == generation;
}

size_t TableLookup::slot_of(const std::vector<Table>& tables, size_t position) const {
  const size_t mask = slots_.size() - 1;
  size_t s = name_hash(tables[position].schema, tables[position].name) & mask;
  while (slots_[s] != position) s = (s + 1) & mask;
  return s;
}

void TableLookup::erase(std::vector<Table>& tables, size_t position, uint64_t generation) {
  if (!current(tables, generation)) {
    tables.erase(tables.begin() + static_cast<std::ptrdiff_t>(position));
    slots_.clear();  // the positions it holds may be after the erased one: built again on the next lookup
    return;
  }
  // Linear probing's deletion: each later entry of the run moves back into the hole unless its own slot lies
  // between the hole and it.
  const size_t mask = slots_.size() - 1;
  size_t hole = slot_of(tables, position);
  for (size_t j = (hole + 1) & mask; slots_[j] != kEmpty; j = (j + 1) & mask) {
    const Table& t = tables[slots_[j]];
    const size_t home = name_hash(t.schema, t.name) & mask;
    const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
    if (stays) continue;
    slots_[hole] = slots_[j];
    hole = j;
  }
  slots_[hole] = kEmpty;
  tables.erase(tables.begin() + static_cast<std::ptrdiff_t>(position));
  for (uint32_t& slot : slots_)
    if (slot != kEmpty && slot > position) --slot;
  size_ = tables.size();
}

void TableLookup::adopt(const TableLookup& other, const std::vector<Table>& other_tables, uint64_t other_generation,
                        const std::vector<Table>& tables, uint64_t generation) {
  if (other_tables.size() != tables.size()) return;
  // Built for `other` if it has to be: its catalog needs it as much, and one build serves both.
  if (!other.current(other_tables, other_generation)) other.rebuild(other_tables, other_generation);
  slots_ = other.slots_;
  data_ = tables.data();
  size_ = tables.size();
  generation_ = generation;
}

void TableLookup::insert(const std::vector<Table>& tables, size_t position) const {
  const size_t mask = slots_.size() - 1;
  size_t s = name_hash(tables[position].schema, tables[position].name) & mask;
  while (slots_[s] != kEmpty) s = (s + 1) & mask;
  slots_[s] = static_cast<uint32_t>(position);
}

namespace {
// The positions of the last tables found on this thread, in whichever catalog: the rules and the lock analysis
// ask about a statement's table again and again, and a position that holds a table of the name asked for is
// the answer (a catalog holds each name once), with no name hashed.
struct RecentHits {
  std::array<uint32_t, 4> positions{};
  unsigned next = 0;
};
thread_local RecentHits recent_hits;
}  // namespace

int64_t TableLookup::find(const std::vector<Table>& tables, uint64_t generation, std::string_view schema,
                          std::string_view name) const {
  if (tables.size() < 8) {  // a scan is cheaper than hashing
    for (size_t i = 0; i < tables.size(); ++i)
      if (tables[i].name == name && tables[i].schema == schema) return static_cast<int64_t>(i);
    return -1;
  }
  for (uint32_t p : recent_hits.positions)
    if (p < tables.size() && tables[p].name == name && tables[p].schema == schema) return p;
  if (generation_ == generation && !slots_.empty() && size_ < tables.size() && tables.size() * 2 <= slots_.size()) {
    // Tables added at the end: every other one kept its position.
    for (size_t i = size_; i < tables.size(); ++i) insert(tables, i);
    data_ = tables.data();
    size_ = tables.size();
  } else if (data_ != tables.data() || size_ != tables.size() || generation_ != generation || slots_.empty()) {
    rebuild(tables, generation);
  }
  size_t mask = slots_.size() - 1;
  for (size_t s = name_hash(schema, name) & mask; slots_[s] != kEmpty; s = (s + 1) & mask) {
    const Table& t = tables[slots_[s]];
    if (t.name == name && t.schema == schema) {
      recent_hits.positions[recent_hits.next++ % recent_hits.positions.size()] = slots_[s];
      return slots_[s];
    }
  }
  return -1;
}

namespace {
#ifdef SCHEMAGATE_CHECK_LOOKUPS
// Sanitizer builds check every indexed lookup against a scan, so a missing table_names_changed() call fails
// the test suite instead of hiding a table.
int64_t checked(const std::vector<Table>& tables, std::string_view schema, std::string_view name, int64_t got) {
  int64_t want = -1;
  for (size_t i = 0; i < tables.size(); ++i)
    if (tables[i].name == name && tables[i].schema == schema) want = static_cast<int64_t>(i);
  if (want != got) {
    std::fprintf(stderr, "schemagate: internal error: table lookup of %.*s.%.*s is stale\n",
                 static_cast<int>(schema.size()), schema.data(), static_cast<int>(name.size()), name.data());
    std::abort();
  }
  return got;
}
#else
int64_t checked(const std::vector<Table>&, std::string_view, std::string_view, int64_t got) { return got; }
#endif
}  // namespace

const Table* Catalog::table(std::string_view schema, std::string_view name) const {
  int64_t i = checked(tables, schema, name, table_lookup.find(tables, table_generation, schema, name));
  return i < 0 ? nullptr : &tables[static_cast<size_t>(i)];
}
Table* Catalog::table(std::string_view schema, std::string_view name) {
  int64_t i = checked(tables, schema, name, table_lookup.find(tables, table_generation, schema, name));
  return i < 0 ? nullptr : &tables[static_cast<size_t>(i)];
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

namespace {
// Two bit positions from one 64-bit hash (double hashing).
std::pair<uint64_t, uint64_t> filter_bits(std::string_view name, size_t bit_count) {
  uint64_t h = std::hash<std::string_view>{}(name);
  uint64_t h2 = (h >> 32) | (h << 32);
  return {h % bit_count, (h ^ (h2 * 0x9e3779b97f4a7c15ull)) % bit_count};
}
}  // namespace

void IndexNameFilter::enable(const std::vector<Table>& tables) {
  if (bits_.empty()) bits_.assign(kWords, 0);
  for (const Table& t : tables)
    for (const Index& i : t.indexes) add(i.name);
}

void IndexNameFilter::add(std::string_view name) {
  if (bits_.empty()) return;
  auto [a, b] = filter_bits(name, kWords * 64);
  bits_[a / 64] |= uint64_t{1} << (a % 64);
  bits_[b / 64] |= uint64_t{1} << (b % 64);
}

bool IndexNameFilter::may_hold(std::string_view name) const {
  if (bits_.empty()) return true;
  auto [a, b] = filter_bits(name, kWords * 64);
  return (bits_[a / 64] >> (a % 64) & 1) && (bits_[b / 64] >> (b % 64) & 1);
}

void IndexNameFilter::merge(const IndexNameFilter& other) {
  if (bits_.empty() || other.bits_.empty()) {
    bits_.clear();  // one side does not know its names: off, so nothing is missed
    return;
  }
  for (size_t i = 0; i < kWords; ++i) bits_[i] |= other.bits_[i];
}

const Table* Catalog::table_of_index(std::string_view schema, std::string_view name) const {
  if (!index_names.may_hold(name)) {
#ifdef SCHEMAGATE_CHECK_LOOKUPS
    for (const Table& t : tables)
      for (const Index& i : t.indexes)
        if (i.name == name && t.schema == schema) {
          std::fprintf(stderr, "schemagate: internal error: index %.*s was never passed to index_named\n",
                       static_cast<int>(name.size()), name.data());
          std::abort();
        }
#endif
    return nullptr;
  }
  // Length and first byte reject almost every name before a memcmp call.
  auto is = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && (a.empty() || a[0] == b[0]) && a == b;
  };
  auto holds = [&](const Table& t) {
    return std::any_of(t.indexes.begin(), t.indexes.end(), [&](const Index& i) { return is(i.name, name); });
  };
  // A name the catalog may hold (or a catalog without the filter) and no hint: a scan.
  auto scan = [&]() -> const Table* {
    for (const Table& t : tables)
      if (!t.indexes.empty() && is(t.schema, schema) && holds(t)) return &t;
    return nullptr;
  };
  if (const std::string* hinted = index_hints.table_of(name))
    if (const Table* t = table(schema, *hinted); t && holds(*t)) {
#ifdef SCHEMAGATE_CHECK_LOOKUPS
      if (scan() != t) {
        std::fprintf(stderr, "schemagate: internal error: the hint for index %.*s names another table\n",
                     static_cast<int>(name.size()), name.data());
        std::abort();
      }
#endif
      return t;
    }
  const Table* found = scan();
  if (found) index_hints.note(name, found->name);
  return found;
}

Table* Catalog::table_of_index(std::string_view schema, std::string_view name) {
  return const_cast<Table*>(std::as_const(*this).table_of_index(schema, name));
}

const std::string* IndexHints::table_of(std::string_view index) const {
  auto it = tables_.find(index);
  return it == tables_.end() ? nullptr : &it->second;
}

void IndexHints::note(std::string_view index, std::string_view table) const {
  // Names of dropped indexes stay until asked for again: past a bound the hints start over (a cache may).
  constexpr size_t kMaxHints = 8192;
  if (auto it = tables_.find(index); it != tables_.end()) {
    if (it->second != table) it->second = std::string(table);
    return;
  }
  if (tables_.size() >= kMaxHints) tables_.clear();
  tables_.emplace(std::string(index), std::string(table));
}

bool Catalog::relation_exists(std::string_view schema, std::string_view name) const {
  return table(schema, name) || sequence(schema, name) || view(schema, name) || table_of_index(schema, name);
}

namespace {
// Replay sorts after every file, when the arrays are almost always in order already: checking is linear.
// Sorting only what follows the sorted prefix and merging keeps that linear when a file adds a few objects.
// Returns whether anything moved.
template <class It, class Less = std::less<>>
bool sort_if_needed(It first, It last, Less less = {}) {
  It tail = std::is_sorted_until(first, last, less);
  if (tail == last) return false;
  std::sort(tail, last, less);
  std::inplace_merge(first, tail, last, less);
  return true;
}
}  // namespace

void sort_catalog(Catalog& c) {
  sort_catalog(c, [](const Table&) { return true; });
}

void sort_catalog(Catalog& c, const std::function<bool(const Table&)>& may_have_changed) {
  sort_if_needed(c.schemas.begin(), c.schemas.end());
  c.schemas.erase(std::unique(c.schemas.begin(), c.schemas.end()), c.schemas.end());
  // Almost every pair shares its schema: one equality test, then the names.
  auto by_schema_name = [](const auto& a, const auto& b) {
    return a.schema == b.schema ? a.name < b.name : a.schema < b.schema;
  };
  sort_if_needed(c.extensions.begin(), c.extensions.end(),
            [](const Extension& a, const Extension& b) { return a.name < b.name; });
  sort_if_needed(c.enums.begin(), c.enums.end(), by_schema_name);
  sort_if_needed(c.sequences.begin(), c.sequences.end(), by_schema_name);
  if (sort_if_needed(c.tables.begin(), c.tables.end(), by_schema_name)) c.table_names_changed();
  sort_if_needed(c.views.begin(), c.views.end(), by_schema_name);
  sort_if_needed(c.functions.begin(), c.functions.end(), [](const Function& a, const Function& b) {
    return std::tie(a.schema, a.name, a.arguments) < std::tie(b.schema, b.name, b.arguments);
  });
  sort_if_needed(c.triggers.begin(), c.triggers.end(), [](const Trigger& a, const Trigger& b) {
    return std::tie(a.schema, a.table, a.name) < std::tie(b.schema, b.table, b.name);
  });
  auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  for (Table& t : c.tables) {
    if (!may_have_changed(t)) continue;
    sort_if_needed(t.unique_constraints.begin(), t.unique_constraints.end(), by_name);
    sort_if_needed(t.foreign_keys.begin(), t.foreign_keys.end(), by_name);
    sort_if_needed(t.checks.begin(), t.checks.end(), by_name);
    sort_if_needed(t.indexes.begin(), t.indexes.end(), by_name);
  }
}

}  // namespace sg::catalog
