#pragma once
// The catalog: a plain value describing a PostgreSQL schema, in the shape of `catalog/1`
// (../shared/spec/catalog.md). Replay, the schema mapping and live introspection all produce one.
// Texts (types, defaults, expressions, index definitions) are stored exactly as PostgreSQL prints them.
#include <map>
#include <optional>
#include <string>
#include <vector>

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

  const Column* column(std::string_view n) const;
  Column* column(std::string_view n);
};

struct View { std::string schema; std::string name; bool materialized = false; std::string definition; };
struct Function { std::string schema; std::string name; std::string arguments; };
struct Trigger { std::string schema; std::string table; std::string name; };

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
};

}  // namespace sg::catalog
