#pragma once
// The database-facing checks as the CLI runs them (status, drift), shared by `status`, `drift` and `gate`.
// Each opens nothing itself: the caller owns the read-only session.
#include <optional>
#include <string>

#include "analyzer/history/history.hpp"
#include "analyzer/live/drift.hpp"
#include "analyzer/live/session.hpp"
#include "analyzer/live/status.hpp"

namespace sg::live {

// `--database-url` when given, else $DATABASE_URL; nullopt when neither is set.
std::optional<std::string> database_url_from(const std::string& option);

struct StatusRun {
  std::optional<std::vector<MigrationRow>> rows;
  StatusReport report;
};
StatusRun run_status(const MigrationHistory& history, Session& session);

struct DriftRun {
  catalog::Catalog live;
  DriftOutcome outcome;
  bool table_missing = false;  // no `_prisma_migrations`: the expected state is the empty database
};
// `history` must be parsed. Throws LiveError.
DriftRun run_drift(const MigrationHistory& history, Session& session);

}  // namespace sg::live
