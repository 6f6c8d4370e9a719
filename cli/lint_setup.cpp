#include "cli/lint_setup.hpp"

#include <filesystem>

#include "analyzer/effects/transaction.hpp"
#include "cli/schema_check.hpp"
#include "rules/rule.hpp"

namespace sg::cli {
namespace {

// Splits "a,b" lists given once or repeated.
std::vector<std::string> split_ids(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& s : in) {
    size_t pos = 0;
    while (pos <= s.size()) {
      size_t c = s.find(',', pos);
      std::string id = s.substr(pos, c == std::string::npos ? std::string::npos : c - pos);
      if (!id.empty()) out.push_back(id);
      if (c == std::string::npos) break;
      pos = c + 1;
    }
  }
  return out;
}

}  // namespace

LintSetup lint_setup(const Config& config, const RuleSelection& selection) {
  LintSetup s;
  rules::LintOptions& opts = s.options;
  opts.pg_version = selection.pg_version.value_or(config.pg_version.value_or(15));
  opts.enabled = rules::default_enabled_rules();
  std::string prisma_text = !selection.prisma_version.empty() ? selection.prisma_version
                                                              : config.prisma_version.value_or("");
  if (!prisma_text.empty()) {
    auto v = effects::PrismaVersion::parse(prisma_text);
    if (!v) {
      s.error = "--prisma-version: `" + prisma_text + "` is not a Prisma version such as 7, 7.4 or wasm:7.10.1";
      return s;
    }
    opts.prisma_version = *v;
  }
  for (const auto& [id, setting] : config.rules) {
    if (setting.severity) opts.severity_overrides[id] = *setting.severity;
    if (!rules::find_rule(id)) continue;  // pipeline rules are always on; only their severity can change
    if (setting.enabled) opts.enabled.insert(id);
    else opts.enabled.erase(id);
  }
  for (const auto& id : split_ids(selection.enable)) {
    if (id == "all") {
      for (const auto& r : rules::all_rules()) opts.enabled.emplace(r.id);
      continue;
    }
    if (!rules::find_rule(id)) {
      s.error = "unknown rule `" + id + "` in --enable (see `schemagate rules`)";
      return s;
    }
    opts.enabled.insert(id);
  }
  for (const auto& id : split_ids(selection.disable)) {
    if (id == "all") { opts.enabled.clear(); continue; }
    if (!rules::find_rule(id)) {
      s.error = "unknown rule `" + id + "` in --disable (see `schemagate rules`)";
      return s;
    }
    opts.enabled.erase(id);
  }
  return s;
}

std::string add_schema_findings(const LintSchema& schema, const MigrationHistory& history,
                                const rules::LintOptions& options, std::vector<Finding>& findings,
                                const LintReplayRecording* recorded) {
  if (!schema.path) return {};
  if (!schema.parsed) return schema.path->generic_string() + ": schema not found";
  SchemaCheck sc = check_schema_against_history(schema, history, recorded);
  for (auto& f : sc.findings) {
    auto ov = options.severity_overrides.find(f.rule);
    if (ov != options.severity_overrides.end()) f.severity = ov->second;
    findings.push_back(std::move(f));
  }
  return {};
}

}  // namespace sg::cli
