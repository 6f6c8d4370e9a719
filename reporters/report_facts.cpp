#include "reporters/report_facts.hpp"

#include <algorithm>
#include <set>

#include "schemagate/version.hpp"

namespace sg::report {
namespace {

std::string counted(uint32_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + ' ' + std::string(n == 1 ? singular : plural);
}

}  // namespace

SeverityCounts count_by_severity(const std::vector<Finding>& findings) {
  SeverityCounts c;
  for (const Finding& f : findings) c.add(f.severity);
  return c;
}

SeverityCounts count_by_severity(const Report& r) {
  return r.streamed_counts ? *r.streamed_counts : count_by_severity(r.findings);
}

std::string summary_sentence(const Report& r) {
  SeverityCounts c = count_by_severity(r);
  std::string scope = " in " + counted(r.migrations, "migration", "migrations") + " (" +
                      counted(r.statements, "statement", "statements") + ").";
  if (c.total() == 0) return "No findings" + scope;
  std::vector<std::string> parts;
  if (c.errors) parts.push_back(counted(c.errors, "error", "errors"));
  if (c.warnings) parts.push_back(counted(c.warnings, "warning", "warnings"));
  if (c.infos) parts.push_back(counted(c.infos, "info", "info"));
  std::string out = "Found ";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out + scope;
}

bool fails(const Report& r) {
  SeverityCounts c = count_by_severity(r);
  switch (r.fail_on) {
    case Severity::Error: return c.errors > 0;
    case Severity::Warning: return c.errors + c.warnings > 0;
    case Severity::Info: return c.total() > 0;
  }
  return false;
}

std::string tool_version_of(const Report& r) { return r.tool_version.empty() ? std::string(kVersion) : r.tool_version; }

std::vector<RuleDescriptor> declared_rules(const Report& r) {
  std::vector<RuleDescriptor> out;
  std::set<std::string, std::less<>> seen;
  for (const RuleDescriptor& d : r.rules)
    if (!d.id.empty() && seen.insert(d.id).second) out.push_back(d);
  for (const Finding& f : r.findings)
    if (seen.insert(f.rule).second) out.push_back(stand_in_descriptor(f));
  return out;
}

RuleDescriptor stand_in_descriptor(const Finding& f) {
  RuleDescriptor d;
  d.id = f.rule;
  d.summary = "Findings reported as " + f.rule + ".";
  d.default_severity = f.severity;
  return d;
}

const RuleDescriptor* find_descriptor(const std::vector<RuleDescriptor>& rules, std::string_view id) {
  auto it = std::find_if(rules.begin(), rules.end(), [&](const RuleDescriptor& d) { return d.id == id; });
  return it == rules.end() ? nullptr : &*it;
}

std::string rule_doc_url(const RuleDescriptor& d) {
  std::string path = d.doc_path.empty() ? "docs/rules/" + d.id + ".md" : d.doc_path;
  return std::string(kRepositoryUrl) + "/blob/main/" + path;
}

std::string pascal_case(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) { upper = true; continue; }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

}  // namespace sg::report
