#pragma once
// Drift without a database: the catalog the migration history builds (replay) against the catalog Prisma
// Migrate expects from schema.prisma, compared the way Prisma's own differ does (prisma_diff.hpp). Each
// difference is a finding at the model or field in schema.prisma and, where one exists, at the migration
// statement that made the database side; the message says what the next `prisma migrate dev` does.
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/diff/catalog_diff.hpp"
#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"
#include "analyzer/prisma/expect.hpp"
#include "analyzer/schema_drift/provenance.hpp"

namespace sg::schema_drift {

struct Result {
  std::vector<diff::Difference> differences;  // what Prisma's differ would change
  std::vector<Finding> findings;
};

// Replays `history` once, recording provenance on the way.
Result check(const MigrationHistory& history, const prisma::ExpectedCatalog& expected);

// The history replayed with its provenance recorded: what check() compares and points at.
struct RecordedReplay {
  catalog::Catalog final_catalog;
  Provenance provenance;
};
RecordedReplay replay_with_provenance(const MigrationHistory& history);

// With the final catalog and provenance of a replay already made (lint records them on its own replay).
// `history` only names the folder for findings that have no better place.
Result check(const MigrationHistory& history, const prisma::ExpectedCatalog& expected,
             const catalog::Catalog& final_catalog, const Provenance& provenance);

}  // namespace sg::schema_drift
