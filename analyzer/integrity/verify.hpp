#pragma once
// `schemagate verify`: the history must only grow at its end. Compares the migrations folder with what was
// recorded before (schemagate.sum, or the folder at a Git revision) and reports edited or removed migrations,
// new migrations that sort before the last recorded one (a database that is ahead would apply them out of
// order, or never), and a sum file whose own hash does not match (edited by hand).
#include <optional>
#include <string>
#include <vector>

#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"
#include "analyzer/integrity/sum_file.hpp"

namespace sg::integrity {

struct RecordedHistory {
  std::vector<SumEntry> entries;
  std::vector<Location> locations;  // where each entry was recorded (a sum file line, or the revision)
  std::string description;          // "schemagate.sum" or "Git revision main"
  bool from_sum_file = false;       // a sum file must list every migration, new ones included
};

std::vector<Finding> compare_with_recorded(const MigrationHistory& current, const RecordedHistory& recorded);

struct VerifyOutcome {
  std::vector<Finding> findings;
  std::string fatal_error;  // the recorded state could not be read at all (exit 2)
  uint32_t recorded = 0;
};

// Reads `<migrations>/schemagate.sum` (or the folder at `since`) and compares. Findings about the sum file
// itself (missing, hand-edited, malformed lines) are included.
VerifyOutcome verify_history(const MigrationHistory& current, const std::optional<std::string>& since = std::nullopt);

}  // namespace sg::integrity
