#pragma once
// Everything `schemagate verify` checks without a database, in one call shared by `verify` and `gate`:
// input problems found while reading, the lock file, the history's shape, and the comparison with the
// recorded history (schemagate.sum or a Git revision).
#include <optional>
#include <string>
#include <vector>

#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"

namespace sg::integrity {

struct StaticCheckOptions {
  std::optional<std::string> schema_provider;  // datasource provider of schema.prisma, when known
  std::optional<std::string> since;            // Git revision to compare with instead of schemagate.sum
  bool compare_recorded = true;                // false: skip the sum file / revision comparison
};

struct StaticCheckOutcome {
  std::vector<Finding> findings;
  std::string fatal_error;  // not a PostgreSQL history, unreadable sum file, unknown revision: exit 2
  uint32_t recorded = 0;
};

StaticCheckOutcome run_static_checks(const MigrationHistory& history, const StaticCheckOptions& options);

// The part of them `lint` runs: the lock file and the history's shape, without load_history's own findings
// (lint reports those already) and without the comparison with a recorded history.
StaticCheckOutcome run_history_checks(const MigrationHistory& history,
                                      const std::optional<std::string>& schema_provider);

}  // namespace sg::integrity
