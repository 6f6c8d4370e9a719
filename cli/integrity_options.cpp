#include "cli/integrity_options.hpp"

#include "analyzer/integrity/rule_ids.hpp"
#include "analyzer/prisma/schema.hpp"
#include "cli/command.hpp"

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
    prisma::ParseResult schema = prisma::parse_schema_path(args.schema);
    if (const auto* ds = schema.schema.datasource(); ds && !ds->provider.empty()) opts.schema_provider = ds->provider;
  }
  return opts;
}

std::vector<report::RuleDescriptor> integrity_rule_descriptors() {
  std::vector<report::RuleDescriptor> out = rule_descriptors();
  const auto& gate_rules = integrity::gate_rule_descriptors();
  out.insert(out.end(), gate_rules.begin(), gate_rules.end());
  return out;
}

}  // namespace sg::cli
