#pragma once
// The catalog: a plain value describing a PostgreSQL schema, in the shape of `catalog/1`
// (../shared/spec/catalog.md). Replay, the schema mapping and live introspection all produce one.
// Texts (types, defaults, expressions, index definitions) are stored exactly as PostgreSQL prints them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyzer/string_hash.hpp"

namespace sg::catalog {

struct Extension { std::string name; std::string schema; };
struct Enum { std::string schema; std::string name; std::vector<std::string> values; };
struct Sequence {
  std::string schema;
  std::string name;
  std::string type = "bigint";
  std::optional<std::string> owned_by;  // "table.column"
};

struct Column {
  std::string name;
  std::string type;                 // format_type
  bool nullable = true;
  std::optional<std::string> default_expr;  // pg_get_expr
  std::string identity;             // "", "a", "d"
  std::string generated;            // "", "s"
};

struct KeyConstraint { std::string name; std::vector<std::string> columns; };

struct ForeignKey {
  std::string name;
  std::vector<std::string> columns;
  std::string ref_schema;
  std::string ref_table;
  std::vector<std::string> ref_columns;
  std::string on_delete = "NO ACTION";
  std::string on_update = "NO ACTION";
  bool deferrable = false;
  bool validated = true;
};

struct Check { std::string name; std::string expression; bool validated = true; };

struct Index {
  std::string name;
  bool unique = false;
  bool primary = false;
  std::string method = "btree";
  std::string definition;           // pg_get_indexdef
  std::optional<std::string> predicate;
  std::vector<std::string> columns; // column names, or pg_get_indexdef(index, k, true) for expressions
};

struct Table {
  std::string schema;
  std::string name;
  std::vector<Column> columns;
  std::optional<KeyConstraint> primary_key;
  std::vector<KeyConstraint> unique_constraints;
  std::vector<ForeignKey> foreign_keys;
  std::vector<Check> checks;
  std::vector<Index> indexes;
  bool partitioned = false;         // PARTITION BY: pg_get_indexdef prints its indexes `ON ONLY`

  const Column* column(std::string_view n) const;
  Column* column(std::string_view n);
};

struct View { std::string schema; std::string name; bool materialized = false; std::string definition; };
struct Function { std::string schema; std::string name; std::string arguments; };
struct Trigger { std::string schema; std::string table; std::string name; };

struct Table;

// Where each table sits in Catalog::tables, by (schema, name): replay and rules look tables up far more often
// than anything adds, drops or renames one. It stores positions only and compares the names at the position on
// every hit. Tables added at the end of the vector are added to it; it rebuilds itself when the catalog's
// `table_names_changed` counter differs from when it was built, or the vector's storage changed at the same size. A cache inside a value type: copying a Catalog copies it (stale for
// the copy, so rebuilt on its first lookup); a Catalog must not be read from two threads at once.
class TableLookup {
 public:
  // The position of the table, or -1.
  int64_t find(const std::vector<Table>& tables, uint64_t generation, std::string_view schema,
               std::string_view name) const;
  // Erases tables[position], moving the positions after it down rather than rebuilding (a history drops tables
  // all the time). When the lookup is stale it stays so.
  void erase(std::vector<Table>& tables, size_t position, uint64_t generation);
  // `other` looks up `other_tables`, which hold the same names in the same order as `tables`: its positions are
  // this one's too.
  void adopt(const TableLookup& other, const std::vector<Table>& other_tables, uint64_t other_generation,
             const std::vector<Table>& tables, uint64_t generation);

 private:
  bool current(const std::vector<Table>& tables, uint64_t generation) const;
  size_t slot_of(const std::vector<Table>& tables, size_t position) const;
  void rebuild(const std::vector<Table>& tables, uint64_t generation) const;
  void insert(const std::vector<Table>& tables, size_t position) const;
  mutable std::vector<uint32_t> slots_;  // open addressing, kEmpty or a position in `tables`
  mutable const Table* data_ = nullptr;
  mutable size_t size_ = 0;
  mutable uint64_t generation_ = 0;
};

// Every index name a catalog has held, as a Bloom filter: table_of_index skips its scan of every table's
// indexes for a name the catalog never held, which is what CREATE INDEX and PostgreSQL's name choosers ask
// about most. It is only ever added to (a dropped name stays "maybe"), and off until enable(): the replay turns
// it on and calls Catalog::index_named wherever it adds or renames an index. Sanitizer builds check every
// skipped scan.
class IndexNameFilter {
 public:
  void enable(const std::vector<Table>& tables);  // and add the names `tables` hold
  void add(std::string_view name);
  bool may_hold(std::string_view name) const;     // always true while off
  void merge(const IndexNameFilter& other);

 private:
  static constexpr size_t kWords = 4096;  // 256 Ki bits: a few percent false hits at 20,000 names
  std::vector<uint64_t> bits_;            // empty while off
};

// Which table last held each index name: Catalog::table_of_index looks there first and checks that the table
// still holds the index, so a stale entry costs a scan, never a wrong answer. DROP INDEX and the rules and
// lock analysis of it each look an index up, which scanned every index of every table. A cache: a copy of a
// catalog starts with none.
class IndexHints {
 public:
  IndexHints() = default;
  IndexHints(const IndexHints&) {}
  IndexHints& operator=(const IndexHints&) {
    tables_.clear();
    return *this;
  }
  IndexHints(IndexHints&&) noexcept = default;
  IndexHints& operator=(IndexHints&&) noexcept = default;

  const std::string* table_of(std::string_view index) const;  // the table's name, or null
  void note(std::string_view index, std::string_view table) const;

 private:
  mutable std::unordered_map<std::string, std::string, StringViewHash, std::equal_to<>> tables_;
};

struct Catalog {
  std::vector<std::string> schemas{"public"};
  std::vector<Extension> extensions;
  std::vector<Enum> enums;
  std::vector<Sequence> sequences;
  std::vector<Table> tables;
  std::vector<View> views;
  std::vector<Function> functions;
  std::vector<Trigger> triggers;

  const Table* table(std::string_view schema, std::string_view name) const;
  Table* table(std::string_view schema, std::string_view name);
  const Enum* enum_type(std::string_view schema, std::string_view name) const;
  Enum* enum_type(std::string_view schema, std::string_view name);
  const Sequence* sequence(std::string_view schema, std::string_view name) const;
  const View* view(std::string_view schema, std::string_view name) const;
  bool has_schema(std::string_view name) const;
  // A table, index, sequence or view of that name in the schema (they share PostgreSQL's pg_class namespace).
  bool relation_exists(std::string_view schema, std::string_view name) const;
  // The table holding the index `name` in `schema`, or null.
  const Table* table_of_index(std::string_view schema, std::string_view name) const;
  Table* table_of_index(std::string_view schema, std::string_view name);

  // Must be called after a table is renamed, moved to another schema or removed, or the tables are reordered
  // (the replay does it where it does those), so that `table()` does not miss it. A table added at the end of
  // `tables` needs no call. Sanitizer builds check every lookup against a scan, so a missing call fails the
  // test suite.
  void table_names_changed() { ++table_generation; }
  // Removes tables[position]; needs no table_names_changed() call.
  void erase_table(size_t position) { table_lookup.erase(tables, position, table_generation); }
  // After `tables` was made to hold the names of `same_order.tables` in the same order (and
  // table_names_changed() was called): takes its lookup's positions instead of building them again.
  void take_table_positions(const Catalog& same_order) {
    table_lookup.adopt(same_order.table_lookup, same_order.tables, same_order.table_generation, tables,
                       table_generation);
  }
  uint64_t table_generation = 1;
  TableLookup table_lookup;
  // Must be called with the name of every index the replay adds to a table or renames one to.
  void index_named(const Table& t, std::string_view name) {
    index_names.add(name);
    index_hints.note(name, t.name);
  }
  IndexNameFilter index_names;
  IndexHints index_hints;
};

// Sorts every array the way catalog/1 requires (schema then name, bytewise; constraints and indexes by name).
void sort_catalog(Catalog& c);

// catalog/1 JSON, laid out exactly as ../shared/tools/pg_catalog.py writes it (indent 1, trailing newline).
std::string to_json(const Catalog& c);
// Parses catalog/1 JSON; throws std::runtime_error with a readable message on malformed input.
Catalog catalog_from_json(std::string_view text);

// Clean DDL that rebuilds the catalog on an empty database (types, sequences, tables, keys, indexes, FKs).
std::string to_sql(const Catalog& c);
// A Mermaid `erDiagram` (tables, columns with PK/FK/UK markers, relationships from foreign keys).
std::string to_mermaid(const Catalog& c);
// The key markers of a column as the ER diagram shows them: "PK", "FK", "UK" (a one-column unique key).
std::vector<std::string> column_keys(const Table& t, const Column& col);
// {schema, name} of a table.
using TableKey = std::pair<std::string, std::string>;
// The same diagram for the tables in `focus` (those the catalog holds) and their neighbours through foreign
// keys in either direction, so the changed tables are seen with what they connect to.
std::string to_mermaid(const Catalog& c, const std::vector<TableKey>& focus);

}  // namespace sg::catalog
