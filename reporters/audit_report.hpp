#pragma once
// `schemagate audit`: the whole history as one report, in Markdown (a PR, a wiki page) or as a single HTML
// file with no external assets (opens offline, attaches to a ticket). Both render an audit::Audit; neither
// knows a rule.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/audit/audit.hpp"
#include "reporters/report.hpp"

namespace sg::report {

struct AuditReport {
  audit::Audit audit;
  std::string title;                  // what was audited, e.g. the migrations folder
  std::string tool_version;           // empty: this library's
  size_t top = 10;                    // how many of the most dangerous statements to show
  std::vector<RuleDescriptor> rules;  // for links to rule documentation
};

std::string render_audit_markdown(const AuditReport& r);
std::string render_audit_html(const AuditReport& r);

// What both renderers print the same way.
namespace audit_text {
// The statement on one line: comments dropped, whitespace collapsed, cut at `max_chars` code points with "…".
std::string statement_excerpt(const Location& statement, size_t max_chars);
// `ACCESS EXCLUSIVE on "Post" (table rewrite)`; empty when no lock.
std::string lock_text(const audit::Lock& lock);
// "error", "warning", "info", or "none".
const char* severity_text(const std::optional<Severity>& s);
// "4 migrations from 2024-01-06 to 2024-04-15, 12 statements, 5 findings (2 errors, 3 warnings, 0 info)."
std::string overview_sentence(const audit::Audit& a);
// "path:line" of a statement.
std::string where(const Location& l);
// "was "Old", "older"" for a renamed table; "dropped" when it no longer exists; empty otherwise.
std::string table_status(const audit::TableActivity& t);
}  // namespace audit_text

}  // namespace sg::report
