#pragma once
// What `lint` and `audit` set up the same way: which rules run at which severity (defaults < config file <
// command line), and the schema.prisma findings that join lint's.
#include <optional>
#include <string>
#include <vector>

#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"
#include "cli/config.hpp"
#include "cli/schema_check.hpp"
#include "rules/lint.hpp"

namespace sg::cli {

struct RuleSelection {
  std::optional<int> pg_version;     // --pg-version when given
  std::string prisma_version;        // --prisma-version, empty when not given
  std::vector<std::string> enable;   // --enable lists ("a,b" or repeated; `all`)
  std::vector<std::string> disable;  // --disable lists
};

// The lint options for `config` and the command line, or a usage error message.
struct LintSetup {
  rules::LintOptions options;
  std::string error;
};
LintSetup lint_setup(const Config& config, const RuleSelection& selection);

// Adds the findings of schema.prisma against the history (drift, schema syntax) to `findings`, with the
// configured severities. Returns a usage error message when a --schema given does not exist.
// `recorded`, when finished, is lint's replay of the history: the check then replays nothing itself.
std::string add_schema_findings(const LintSchema& schema, const MigrationHistory& history,
                                const rules::LintOptions& options, std::vector<Finding>& findings,
                                const LintReplayRecording* recorded = nullptr);

}  // namespace sg::cli
