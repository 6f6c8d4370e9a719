#pragma once
// The lint pipeline: replay the whole history, run every enabled rule on each statement with the catalog
// right before it, add input and replay findings, apply inline suppressions.
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/effects/transaction.hpp"
#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"

namespace sg::rules {

struct LintOptions {
  int pg_version = 15;
  effects::PrismaVersion prisma_version{};             // decides how a file is split into transactions
  std::set<std::string> enabled;                      // rule ids to run (statement rules)
  std::map<std::string, Severity> severity_overrides;  // per rule id
  // When set, only findings in these migrations (folder names) are reported; replay still runs everything.
  std::optional<std::set<std::string>> only_migrations;
  // Sees every statement the replay applies (reported on or not), right before it, with the catalog at that
  // moment: what else needs the replay (drift's record of which statement shaped each object) rides on it.
  std::function<void(const Migration&, const sql::Statement&, const catalog::Catalog& before)> on_statement;
  // After each file the replay applies, with whether PostgreSQL would refuse it (it is then rolled back).
  std::function<void(const Migration&, bool failed)> after_file;
  // When set, findings are handed to it as soon as each file is done (the history's input problems of other
  // files at the end) instead of being collected in LintResult::findings: a report can write them out while
  // the files they point into are still loaded. Their fingerprints may be empty: fingerprint_of works one out
  // (on the report writer's thread), and LintResult's findings have theirs.
  std::function<void(std::vector<Finding>&)> on_findings;
  // lint_unparsed_history parses a migration.sql of at least `streamed_file_bytes` in parts of about
  // `part_bytes` and lints each part as it comes, twice (the rules' facts about the whole file first): its IR
  // is never held whole. The findings are the same.
  uint64_t streamed_file_bytes = 16u << 20;
  uint32_t part_bytes = 2u << 20;
};

// The rule ids enabled when nothing is configured.
std::set<std::string> default_enabled_rules();

struct LintResult {
  std::vector<Finding> findings;
  catalog::Catalog final_catalog;
  uint32_t statements = 0;
};

// `history` must be loaded and parsed (load_history + parse_history).
LintResult lint_history(const MigrationHistory& history, const LintOptions& options);
// The same for a history that is loaded but not parsed (load_history only): each file is parsed just ahead of
// the replay, on other cores, and its IR is freed once it is linted, so memory holds a few files' statements
// rather than the whole history's. Afterwards no migration has its `parsed` IR.
LintResult lint_unparsed_history(MigrationHistory& history, const LintOptions& options);

}  // namespace sg::rules
