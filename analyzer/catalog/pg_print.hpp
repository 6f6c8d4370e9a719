#pragma once
// PostgreSQL's own printing rules (quote_ident, quote_literal, format_type), so that every catalog producer
// spells identifiers and types exactly as a live PostgreSQL 15 would.
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/sql/ir.hpp"

namespace sg::catalog::pg {

// quote_ident(): quotes unless the name is a lower-case identifier that is not a non-unreserved keyword.
std::string quote_ident(std::string_view name);
// quote_ident(schema) + "." + quote_ident(name).
std::string qualified(std::string_view schema, std::string_view name);
// A name as format_type / regclass output print it: unqualified when the schema is on the search path
// (`public`, `pg_catalog`), qualified otherwise.
std::string visible_name(std::string_view schema, std::string_view name);
// 'text' with quotes doubled (standard_conforming_strings on).
std::string quote_literal(std::string_view text);

// A type as the expression printer reasons about it: its canonical element name (`int4`, `varchar`,
// `timestamptz`, or `enum` / `user` for types defined in the database), its typmod text and array-ness.
struct TypeRef {
  std::string elem;          // canonical name: "int4", "text", "varchar", "numeric", "enum", "user", "unknown", ...
  std::string schema;        // for enum/user types
  std::string name;          // for enum/user types
  std::string mod;           // "(255)", "(65,30)", "(3)" or ""
  bool array = false;
  bool valid() const { return !elem.empty(); }
  bool operator==(const TypeRef&) const = default;
};

// format_type(oid, typmod): `character varying(255)`, `timestamp(3) without time zone`, `"Role"[]`.
std::string format_type(const TypeRef& t, bool with_mod = true);
// The element type of an array type (array = false).
TypeRef element_of(const TypeRef& t);
TypeRef array_of(const TypeRef& t);
TypeRef builtin(std::string elem);

// Reads back what format_type printed (the catalog stores types as text).
TypeRef type_from_formatted(std::string_view text);

struct ResolvedType {
  TypeRef type;
  bool serial = false;       // serial / bigserial / smallserial
};
// Resolves a parsed type name the way PostgreSQL's typenameTypeIdAndMod does (search_path "public").
// Returns nullopt when no such type exists (42704).
std::optional<ResolvedType> resolve_type(const sql::TypeName& tn, const Catalog& cat);
// Printable form of a type name as written, for error messages.
std::string type_name_text(const sql::TypeName& tn);

// Categories used for operator and cast resolution.
bool is_integer(const TypeRef& t);   // int2, int4, int8
bool is_numeric_family(const TypeRef& t);  // integers, numeric, float4, float8
bool is_string(const TypeRef& t);    // text, varchar, bpchar, citext

}  // namespace sg::catalog::pg
