#pragma once
// Column types reduced to what decides whether ALTER COLUMN TYPE rewrites a table: the base type as
// format_type prints it ("character varying", "numeric", "timestamp without time zone", "\"Role\"") and its
// modifiers. Read from the IR (the new type) or from the catalog (the old type).
#include <optional>
#include <string>
#include <vector>

#include "analyzer/sql/ir.hpp"

namespace sg::effects {

struct ColumnType {
  std::string base;          // format_type's spelling without modifiers or [] (user types keep their quotes)
  std::vector<int> mods;     // varchar(100) -> {100}; numeric(10,2) -> {10,2}; timestamp(3) -> {3}; empty: none
  int array_dims = 0;
  bool operator==(const ColumnType&) const = default;
  std::string to_string() const;  // back to format_type's spelling, e.g. "character varying(100)"
};

// "character varying(100)", "timestamp(3) without time zone", "numeric(10,2)", "text[]", "\"Role\"".
ColumnType parse_catalog_type(std::string_view format_type_text);
// The IR's TypeName; nullopt when a modifier is not an integer constant. Unqualified user types are quoted
// the way format_type prints them when they are not lower case.
std::optional<ColumnType> from_type_name(const sql::TypeName& t);

enum class TypeChangeKind {
  Same,            // nothing changes
  NoRewrite,       // binary-coercible or a widening PostgreSQL recognises: catalog-only, no scan
  Rewrite,         // every row is converted and the table and its indexes are rewritten
};

struct TypeChange {
  TypeChangeKind kind = TypeChangeKind::Rewrite;
  bool narrowing = false;   // values may no longer fit (shorter varchar/char, lower precision or scale, text->varchar(n))
  std::string reason;       // a short explanation for messages
};

// What `ALTER COLUMN ... TYPE to` does to a column of type `from` (no USING clause, or a USING that is the
// column itself). PostgreSQL >= 12 skips the rewrite of timestamp -> timestamptz only when the session time zone
// is UTC; that is not known statically, so it counts as a rewrite.
TypeChange classify_type_change(const ColumnType& from, const ColumnType& to);

}  // namespace sg::effects
