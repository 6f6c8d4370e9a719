#pragma once
// What `verify` and `gate` (and lint's static checks) share: the options that choose what the history is
// compared with and which datasource provider the lock file must match, and the rule metadata of their
// reports.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/integrity/static_checks.hpp"
#include "reporters/report.hpp"
#include "rules/lint.hpp"

namespace sg::cli {

struct IntegrityArgs {
  std::string since;     // Git revision to compare with instead of schemagate.sum
  std::string schema;    // schema.prisma (file or folder), for the lock file's provider check
  std::string provider;  // or the datasource provider directly
};

// --since (with the command's own help text), --schema and --provider.
void add_integrity_options(CLI::App& cmd, IntegrityArgs& args, const std::string& since_help);

// The options for run_static_checks; the provider comes from --provider, or from --schema's datasource.
integrity::StaticCheckOptions static_check_options(const IntegrityArgs& args);

// lint's share of the static checks (run_history_checks), with the schema's datasource provider when there is
// one, for the migrations lint reports on and at the configured severities. Returns an error message (exit 2)
// when the history is not a PostgreSQL one.
std::string add_history_checks(const MigrationHistory& history, const std::optional<std::string>& schema_provider,
                               const rules::LintOptions& options, std::vector<Finding>& findings);

// Every lint rule and every integrity, status and drift check.
std::vector<report::RuleDescriptor> integrity_rule_descriptors();

}  // namespace sg::cli
