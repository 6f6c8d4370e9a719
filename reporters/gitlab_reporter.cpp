// GitLab Code Quality: a JSON array of Code Climate issues that GitLab shows in the merge request widget and
// the diff. https://docs.gitlab.com/ee/ci/testing/code_quality.html#code-quality-report-format
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "analyzer/hash.hpp"
#include "reporters/display_text.hpp"
#include "reporters/extra_formats.hpp"
#include "reporters/report_facts.hpp"
#include "reporters/source_excerpt.hpp"

namespace sg::report {
namespace {

using Json = nlohmann::ordered_json;

// GitLab has five levels where schemagate has three; the rule's category decides between the two that each
// schemagate severity could mean. An error that fails the deploy or loses data blocks the merge outright.
const char* gitlab_severity(Severity s, std::string_view category) {
  bool destructive = category == "data-loss" || category == "deploy-failure";
  switch (s) {
    case Severity::Error: return destructive ? "blocker" : "critical";
    case Severity::Warning: return destructive || category == "locking" ? "major" : "minor";
    case Severity::Info: return "info";
  }
  return "minor";
}

// Code Climate's fixed category list.
const char* code_climate_category(std::string_view category) {
  if (category == "locking") return "Performance";
  if (category == "types") return "Compatibility";
  return "Bug Risk";
}

// GitLab matches `path` against the repository tree, so it must be relative to the project root (the
// working directory of a CI job), without a leading "./".
std::string repository_path(const std::string& path, const std::string& working_directory) {
  namespace fs = std::filesystem;
  fs::path p(path);
  if (p.is_absolute() && !working_directory.empty()) {
    fs::path rel = p.lexically_normal().lexically_relative(fs::path(working_directory).lexically_normal());
    if (!rel.empty() && *rel.begin() != "..") p = rel;
  }
  std::string out = p.lexically_normal().generic_string();
  while (out.rfind("./", 0) == 0) out.erase(0, 2);
  return out.empty() ? path : out;
}

uint32_t code_points(std::string_view s) {
  uint32_t n = 0;
  for (size_t i = 0; i < s.size(); i += decode_utf8(s, i).length) ++n;
  return n;
}

// Begin and end as the editor shows them: the end is the last character's column, on the line the span
// really ends on (a span that stops after a newline ends on the line before).
Json location_json(const Location& l, const std::string& working_directory) {
  Json loc{{"path", repository_path(l.path, working_directory)}};
  if (!l.file) {
    loc["lines"] = Json{{"begin", 1}};
    return loc;
  }
  uint32_t begin_line = l.range.start.line;
  uint32_t end_line = effective_end_line(l);
  uint32_t end_column = l.range.end.column > 1 ? l.range.end.column - 1 : 1;
  if (end_line != l.range.end.line) end_column = std::max<uint32_t>(1, code_points(l.file->line_text(end_line)));
  if (end_line == begin_line) end_column = std::max(end_column, l.range.start.column);
  loc["lines"] = Json{{"begin", begin_line}, {"end", end_line}};
  loc["positions"] = Json{{"begin", {{"line", begin_line}, {"column", l.range.start.column}}},
                          {"end", {{"line", end_line}, {"column", end_column}}}};
  return loc;
}

std::string body_of(const Finding& f) {
  std::string body;
  for (const LockInfo& lock : f.locks) {
    body += "Lock: " + lock.mode + " on " + lock.table;
    if (lock.rewrite) body += " (table rewrite)";
    else if (lock.scan) body += " (full table scan)";
    body += "\n\n";
  }
  if (!f.help.empty()) body += "Help: " + f.help;
  return body;
}

// GitLab tracks an issue across pipelines by its fingerprint and drops duplicates, so two findings that
// share a statement fingerprint (the same statement twice in a file) must still differ: the n-th repeat
// is keyed on the first one's fingerprint and its ordinal, which stays stable while the file does.
std::string unique_fingerprint(const Finding& f, std::set<std::string>& used) {
  std::string base = fingerprint_of(f);
  std::string candidate = base;
  for (int n = 2; !used.insert(candidate).second; ++n)
    candidate = sha256_hex(base + "#" + std::to_string(n)).substr(0, base.size() < 16 ? 16 : base.size());
  return candidate;
}

}  // namespace

std::string render_gitlab(const Report& r) {
  std::vector<RuleDescriptor> rules = declared_rules(r);
  std::set<std::string> used;
  Json issues = Json::array();
  for (const Finding& f : r.findings) {
    const RuleDescriptor* d = find_descriptor(rules, f.rule);
    std::string category = d ? d->category : "";
    Json issue{{"type", "issue"},
               {"engine_name", "schemagate"},
               {"check_name", f.rule},
               {"description", printable(f.message, "")},
               {"categories", Json::array({code_climate_category(category)})},
               {"severity", gitlab_severity(f.severity, category)},
               {"fingerprint", unique_fingerprint(f, used)},
               {"location", location_json(f.location, r.working_directory)}};
    if (std::string body = body_of(f); !body.empty()) issue["content"] = Json{{"body", printable(body)}};
    issues.push_back(std::move(issue));
  }
  return issues.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace sg::report
