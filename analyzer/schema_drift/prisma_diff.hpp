#pragma once
// The catalog the migrations build against the one schema.prisma expects, compared the way Prisma's own
// differ compares them (`prisma migrate diff --from-migrations … --to-schema …`), so that a difference here is
// a step of the migration Prisma would generate: only the schemas the datasource manages; tables, columns
// (type, nullability, default by kind, autoincrement), primary keys, indexes and foreign keys matched by shape
// (prisma_keys.hpp), enums with their values as a set. Functions, triggers, views, checks, sequences and
// extensions are not Prisma's.
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/diff/catalog_diff.hpp"
#include "analyzer/prisma/expect.hpp"

namespace sg::schema_drift {

// Differences in a stable order (schema, table, kind, name, aspect). For a column, Changed "autoincrement"
// holds the default texts; for indexes and foreign keys, Changed "name" is a rename (expected/actual: the names).
std::vector<diff::Difference> prisma_diff(const prisma::ExpectedCatalog& expected, const catalog::Catalog& migrations);

}  // namespace sg::schema_drift
