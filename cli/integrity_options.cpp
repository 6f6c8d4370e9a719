#include "cli/integrity_options.hpp"

#include "analyzer/integrity/rule_ids.hpp"
#include "analyzer/prisma/schema.hpp"
#include "cli/command.hpp"
#include "cli/schema_check.hpp"

namespace sg::cli {

void add_integrity_options(CLI::App& cmd, IntegrityArgs& args, const std::string& since_help) {
  cmd.add_option("--since", args.since, since_help);
  cmd.add_option("--schema", args.schema, "schema.prisma (file or folder): check migration_lock.toml against its provider");
  cmd.add_option("--provider", args.provider, "The datasource provider, when not reading --schema");
}

integrity::StaticCheckOptions static_check_options(const IntegrityArgs& args) {
  integrity::StaticCheckOptions opts;
  if (!args.since.empty()) opts.since = args.since;
  if (!args.provider.empty()) opts.schema_provider = args.provider;
  if (!args.schema.empty()) {
    if (auto provider = datasource_provider(prisma::parse_schema_path(args.schema))) opts.schema_provider = provider;
  }
  return opts;
}

std::string add_history_checks(const MigrationHistory& history, const std::optional<std::string>& schema_provider,
                               const rules::LintOptions& options, std::vector<Finding>& findings) {
  integrity::StaticCheckOutcome checks = integrity::run_history_checks(history, schema_provider);
  if (!checks.fatal_error.empty()) return checks.fatal_error;
  for (Finding& f : checks.findings) {
    if (!f.migration.empty() && options.only_migrations && !options.only_migrations->count(f.migration)) continue;
    if (auto ov = options.severity_overrides.find(f.rule); ov != options.severity_overrides.end()) f.severity = ov->second;
    findings.push_back(std::move(f));
  }
  return {};
}

std::vector<report::RuleDescriptor> integrity_rule_descriptors() {
  std::vector<report::RuleDescriptor> out = rule_descriptors();
  const auto& gate_rules = integrity::gate_rule_descriptors();
  out.insert(out.end(), gate_rules.begin(), gate_rules.end());
  return out;
}

}  // namespace sg::cli
