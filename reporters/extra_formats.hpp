#pragma once
// Report formats for the CI integrations: GitLab Code Quality and a Markdown page for pull-request comments
// and GitHub's job summary. Pure functions of a Report, like every reporter.
#include <string>

#include "reporters/report.hpp"

namespace sg::report {

// GitLab Code Quality (a Code Climate subset): a JSON array with one issue per finding.
// https://docs.gitlab.com/ee/ci/testing/code_quality.html#code-quality-report-format
// Fingerprints are unique within one report even when two findings share a statement fingerprint.
std::string render_gitlab(const Report& r);

// A Markdown page: a summary table by severity, then the findings grouped by migration (its risk: highest
// severity and heaviest lock; each finding's rule, line, message, lock, help), then the Report's ER diagram
// of the touched tables as a ```mermaid block. CommonMark plus GitHub's table extension.
std::string render_markdown(const Report& r);

}  // namespace sg::report
