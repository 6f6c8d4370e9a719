#pragma once
// Checks on a parsed Prisma schema that matter to migrations: what Prisma Migrate would reject or map
// differently from what the author expects.
#include <optional>
#include <vector>

#include "analyzer/finding.hpp"
#include "analyzer/prisma/ast.hpp"

namespace sg::prisma {

// - unknown-native-type: `@db.Foo` that the PostgreSQL connector does not have;
// - relation-fields-mismatch: `fields:`/`references:` missing on both sides, of different lengths,
//   or naming fields that do not exist;
// - identifier-too-long: a table, column, enum or explicitly mapped constraint/index name over 63 bytes
//   (PostgreSQL silently truncates it, so the database never matches the schema).
// Native types are checked only when the provider is PostgreSQL (or not given).
std::vector<Finding> validate_schema(const Schema& schema);

// `unsupported-provider` when the datasource is not PostgreSQL; the caller decides whether to report it.
std::optional<Finding> check_provider(const Schema& schema);

bool is_postgres_provider(std::string_view provider);

}  // namespace sg::prisma
