#pragma once
// Drift: the live database against the migrations it says are applied. Those migrations are replayed into the
// catalog they should produce; every difference from the introspected catalog is a change made outside the
// history (or a migration edited after it ran). `_prisma_migrations` itself is ignored.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/diff/catalog_diff.hpp"
#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"

namespace sg::live {

struct DriftInput {
  const MigrationHistory& history;            // parsed (parse_history)
  std::vector<std::string> applied;           // names the database says are applied
  const catalog::Catalog& live;
  std::string migrations_schema = "public";   // where `_prisma_migrations` lives
  std::string database;                       // redacted URL, for messages
  // Names the database says failed (not finished, not rolled back: P3009). PostgreSQL kept what such a file
  // did up to its last COMMIT before the error; when the replay predicts that error, it keeps the same.
  std::vector<std::string> failed = {};
  // pg_available_extensions of the server, when read: the replay predicts CREATE EXTENSION failing there.
  std::optional<std::set<std::string>> available_extensions = {};
};

struct DriftOutcome {
  catalog::Catalog expected;                  // the replayed catalog
  std::vector<diff::Difference> differences;
  std::vector<std::string> shaped_by;         // per difference: the migration that last shaped the object, or ""
  std::vector<Finding> findings;              // one per difference
  size_t replayed = 0;
  size_t replay_errors = 0;                   // statements replay predicted PostgreSQL would refuse
};

DriftOutcome find_drift(const DriftInput& input);

}  // namespace sg::live
