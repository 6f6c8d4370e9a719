#pragma once
// Prisma scalar and `@db.*` native types on PostgreSQL, as format_type prints the column they make.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::prisma {

struct ColumnType {
  std::string formatted;  // format_type with typmod: "character varying(255)", "timestamp(3) without time zone"
  std::string cast_name;  // the type a literal default is cast to, as PostgreSQL prints it: "character varying", "bpchar"
  enum class Family { Text, Integer, Float, Decimal, Boolean, DateTime, Json, Bytes, Enum, Other };
  Family family = Family::Other;
  std::string serial_type;  // for autoincrement(): the sequence type ("integer", "bigint", "smallint"), else empty
};

// The column type of a scalar field without `@db.*` (String → text, DateTime → timestamp(3) …).
std::optional<ColumnType> default_column_type(std::string_view scalar);

// The column type of `@db.<name>(<args>)` on PostgreSQL; nullopt when PostgreSQL has no such native type.
std::optional<ColumnType> postgres_native_type(std::string_view name, const std::vector<std::string>& args);

// Names of every `@db.*` type the PostgreSQL connector knows (for messages and tests).
const std::vector<std::string_view>& postgres_native_type_names();

// Prisma's scalar types (String, Int, …, Unsupported).
bool is_scalar_type(std::string_view name);

}  // namespace sg::prisma
