#pragma once
// Column defaults the way Prisma's differ compares them, not as texts: its describer reads a database
// default into a kind (a value, now(), a sequence, or an expression it leaves as text), and two defaults
// match by kind. So `now()` and CURRENT_TIMESTAMP are the same, any two sequences are the same, a timestamp
// literal in the schema matches whatever the database has, and a serial column's default is not compared
// when the schema has none (the sequence is dropped with autoincrement instead).
#include <optional>
#include <string>

#include "analyzer/catalog/catalog.hpp"

namespace sg::schema_drift {

struct PrismaDefault {
  enum class Kind { None, Value, Now, Sequence, Expression, DateTimeValue, AnyExpression };
  Kind kind = Kind::None;
  std::string value;  // Value: the constant (string contents, number, label, list); Expression: the text
};

// The kind Prisma's describer gives a default printed by PostgreSQL (pg_get_expr) on a column of `type`
// (format_type) in `c` (to tell enum types).
PrismaDefault read_default(const std::optional<std::string>& printed, const std::string& type, const catalog::Catalog& c);

// The kind Prisma gives the default schema.prisma declares, from the same printed text (what the expected
// catalog holds) and, for dbgenerated(…), the expression as written (`""` for dbgenerated()).
PrismaDefault read_schema_default(const std::optional<std::string>& printed, const std::string& type,
                                  const catalog::Catalog& c, const std::optional<std::string>& db_generated);

// Prisma's defaults_match(previous = migrations, next = schema).
bool defaults_match(const PrismaDefault& migrations, const PrismaDefault& schema);

// Whether Prisma sees the column as autoincrement (a sequence default or an identity column).
bool autoincrement(const catalog::Column& column);

}  // namespace sg::schema_drift
