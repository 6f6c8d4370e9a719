#pragma once
// Drift without a database: the catalog the migration history builds (replay) against the catalog Prisma
// Migrate expects from schema.prisma, on what Prisma manages (tables, columns, keys, indexes, foreign keys,
// enums). Each difference is a finding at the model or field in schema.prisma and, where one exists, at the
// migration statement that made the database side; the message says what the next `prisma migrate dev` does.
#include <vector>

#include "analyzer/diff/catalog_diff.hpp"
#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"
#include "analyzer/prisma/expect.hpp"

namespace sg::schema_drift {

struct Result {
  std::vector<diff::Difference> differences;  // only what Prisma manages
  std::vector<Finding> findings;
};

// Replays `history` itself (twice when there are differences: once more to find the statement that last
// shaped each differing object).
Result check(const MigrationHistory& history, const prisma::ExpectedCatalog& expected);

// The Prisma-managed subset of a catalog difference list.
std::vector<diff::Difference> prisma_managed(std::vector<diff::Difference> all);

}  // namespace sg::schema_drift
