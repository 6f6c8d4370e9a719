#pragma once
// Reporters are pure functions of a Report: findings plus what the run looked at. None knows a rule:
// rule metadata (for SARIF) is handed in as data.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

struct SeverityCounts {
  uint32_t errors = 0;
  uint32_t warnings = 0;
  uint32_t infos = 0;
  uint32_t total() const { return errors + warnings + infos; }
  void add(Severity s) {
    switch (s) {
      case Severity::Error: ++errors; break;
      case Severity::Warning: ++warnings; break;
      case Severity::Info: ++infos; break;
    }
  }
};

struct Report {
  std::string tool_version;
  std::string command;                   // "lint", "drift", ...
  std::vector<Finding> findings;         // sorted
  // Set when the findings were written as they were found (see finding_spool.hpp) instead of kept in
  // `findings`: how many there were of each severity.
  std::optional<SeverityCounts> streamed_counts;
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

// A format written piece by piece: each finding on its own, then the frame around them, so that a report can
// be written while its findings are still being found (see finding_spool.hpp). Every render_* below is
// `before + piece(1) + separator + piece(2) ... + after`, so both ways give the same text.
class FormatWriter {
 public:
  virtual ~FormatWriter() = default;
  virtual std::string piece(const Finding& f) = 0;
  virtual std::string_view separator() const { return {}; }
  // The text before the first and after the last of `count` findings.
  virtual std::pair<std::string, std::string> frame(const Report& r, size_t count) = 0;
};
// text, json, sarif or github (null for another format). `r` gives the rules, the working directory and the
// tool version; its findings, when there are some, name the rules it may have to declare.
std::unique_ptr<FormatWriter> format_writer(std::string_view format, const Report& r, const TextOptions& o = {});

std::string render_text(const Report& r, const TextOptions& o);
std::string render_json(const Report& r);
std::string render_sarif(const Report& r);
std::string render_github(const Report& r);

}  // namespace sg::report
