#pragma once
// The schema.prisma side shared by `lint` and `drift`: find the schema, parse it, and compare it with the
// replayed history.
#include <filesystem>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"
#include "analyzer/prisma/expect.hpp"
#include "analyzer/prisma/schema.hpp"
#include "analyzer/schema_drift/provenance.hpp"
#include "rules/lint.hpp"

namespace sg::cli {

// --schema when given; else prisma/schema.prisma or the multi-file folder prisma/schema next to the migrations
// folder's parent. nullopt when there is none.
std::optional<std::filesystem::path> locate_schema(const std::string& given, const std::filesystem::path& migrations);
inline std::optional<std::filesystem::path> locate_schema(const std::string& given, const MigrationHistory& h) {
  return locate_schema(given, h.root);
}

// schema.prisma as lint and audit use it: found and read once, for the lock-file check (its provider) and for
// the drift check.
struct LintSchema {
  std::optional<std::filesystem::path> path;   // located; may be missing when --schema names a missing file
  std::optional<prisma::ParseResult> parsed;   // when the path exists
  // What Prisma Migrate (7) expects from it, once expect_in_background has started working it out; not valid
  // when the schema did not parse without errors.
  std::shared_future<prisma::ExpectedCatalog> expected;
  // The datasource's provider, when the schema names one.
  std::optional<std::string> provider() const;
};
// Nothing when `no_schema`; otherwise locate_schema(given, migrations), read when it exists.
LintSchema read_lint_schema(bool no_schema, const std::string& given, const std::filesystem::path& migrations);
// The same, on a thread of its own, so that the schema is read while the history loads.
std::future<LintSchema> start_reading_lint_schema(bool no_schema, const std::string& given,
                                                  const std::filesystem::path& migrations);
// Starts working out `schema.expected` on a thread of its own, to run while the history replays (the main
// thread's critical path). `schema` must stay where it is until that is done.
void expect_in_background(LintSchema& schema);

// The provider the schema's datasource names, if any.
std::optional<std::string> datasource_provider(const prisma::ParseResult& schema);

// Lint's own replay, recorded for the schema check so that the check needs no replay of its own: attach()
// before rules::lint_history, finish() with its final catalog after.
class LintReplayRecording {
 public:
  void attach(rules::LintOptions& options);
  void finish(const catalog::Catalog& final_catalog);
  // Both null unless attached and finished.
  const catalog::Catalog* final_catalog() const { return final_; }
  const schema_drift::Provenance* provenance() const { return final_ ? &provenance_ : nullptr; }

 private:
  bool attached_ = false;
  schema_drift::ProvenanceRecorder recorder_;
  schema_drift::Provenance provenance_;
  const catalog::Catalog* final_ = nullptr;
};

struct SchemaCheck {
  std::vector<Finding> findings;   // schema syntax/validation findings and drift findings
  size_t differences = 0;
  bool schema_parsed = false;
};

// Replays `h` itself unless `recorded` holds a finished recording of a replay of `h`.
SchemaCheck check_schema_against_history(const std::filesystem::path& schema, const MigrationHistory& h,
                                         int prisma_version = 7, const LintReplayRecording* recorded = nullptr);
SchemaCheck check_schema_against_history(const prisma::ParseResult& parsed, const MigrationHistory& h,
                                         int prisma_version = 7, const LintReplayRecording* recorded = nullptr);
// The same for a schema read by read_lint_schema (Prisma 7), with the expectation it already holds.
SchemaCheck check_schema_against_history(const LintSchema& schema, const MigrationHistory& h,
                                         const LintReplayRecording* recorded);

}  // namespace sg::cli
