#pragma once
// Reporters are pure functions of a Report: findings plus what the run looked at. None knows a rule:
// rule metadata (for SARIF) is handed in as data.
#include <string>
#include <vector>

#include "analyzer/finding.hpp"

namespace sg::report {

struct RuleDescriptor {
  std::string id;
  std::string summary;      // shortDescription
  std::string description;  // fullDescription
  std::string help;         // markdown help (the safe alternative)
  std::string category;
  Severity default_severity = Severity::Warning;
  std::string doc_path;     // docs/rules/<id>.md, relative to the repository root
};

struct Report {
  std::string tool_version;
  std::string command;                   // "lint", "drift", ...
  std::vector<Finding> findings;         // sorted
  std::vector<RuleDescriptor> rules;     // every rule the run could report
  uint32_t migrations = 0;
  uint32_t statements = 0;
  uint32_t files = 0;
  std::string working_directory;         // base for relative URIs (SARIF %SRCROOT%)
  Severity fail_on = Severity::Error;
  // The tables the reported migrations act on (printed names) and a Mermaid erDiagram of them with their
  // foreign-key neighbours, for the Markdown report; empty when not computed or nothing was touched.
  std::vector<std::string> touched_tables;
  std::string er_diagram;
};

struct TextOptions {
  bool color = false;
  bool show_source = true;
};

std::string render_text(const Report& r, const TextOptions& o);
std::string render_json(const Report& r);
std::string render_sarif(const Report& r);
std::string render_github(const Report& r);

}  // namespace sg::report
