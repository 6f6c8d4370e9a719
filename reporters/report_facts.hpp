#pragma once
// What every reporter derives the same way from a Report: counts, the closing sentence and
// the rule table, so text, JSON, SARIF and GitHub output never disagree.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reporters/report.hpp"

namespace sg::report {

SeverityCounts count_by_severity(const std::vector<Finding>& findings);
// The report's counts: its findings', or the streamed ones.
SeverityCounts count_by_severity(const Report& r);

// "Found 3 errors, 2 warnings, 1 info in 12 migrations (340 statements)." or
// "No findings in 12 migrations (340 statements)."
std::string summary_sentence(const Report& r);

// True when some finding is at or above the report's fail_on severity.
bool fails(const Report& r);

// The tool version to print: the report's, else the version this library was built as.
std::string tool_version_of(const Report& r);

inline constexpr std::string_view kRepositoryUrl = "https://github.com/schemagate/schemagate";

// Every rule a run declares: the report's descriptors once each (first wins), then a stand-in for every id
// that only findings mention, in order of first appearance.
std::vector<RuleDescriptor> declared_rules(const Report& r);
// A finding from a rule the caller did not describe: declared with what the finding itself says.
RuleDescriptor stand_in_descriptor(const Finding& f);
// The descriptor for `id` in `rules`, or null.
const RuleDescriptor* find_descriptor(const std::vector<RuleDescriptor>& rules, std::string_view id);
// https://github.com/schemagate/schemagate/blob/main/docs/rules/<id>.md (or the descriptor's doc_path).
std::string rule_doc_url(const RuleDescriptor& d);
// "add-column-volatile-default" -> "AddColumnVolatileDefault".
std::string pascal_case(std::string_view id);

}  // namespace sg::report
