// GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
#include <string>

#include "reporters/format_writers.hpp"
#include "reporters/report.hpp"
#include "reporters/report_facts.hpp"
#include "reporters/source_excerpt.hpp"

namespace sg::report {
namespace {

// The runner splits commands on newlines and properties on ',' and ':' (and '::' ends them).
std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

const char* command_of(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "notice";
  }
  return "warning";
}

// GitHub places column marks only on single-line annotations; its end column is the last character's.
std::string position_properties(const Location& l) {
  std::string out = ",line=" + std::to_string(l.range.start.line);
  uint32_t end_line = effective_end_line(l);
  if (end_line == l.range.start.line) {
    uint32_t last = l.range.end.column > l.range.start.column ? l.range.end.column - 1 : l.range.start.column;
    out += ",col=" + std::to_string(l.range.start.column) + ",endLine=" + std::to_string(end_line) +
           ",endColumn=" + std::to_string(last);
  } else {
    out += ",endLine=" + std::to_string(end_line);
  }
  return out;
}

std::string annotation(const Finding& f) {
  const Location& l = f.location;
  std::string props;
  std::string text = f.message;
  if (l.file) {
    props = "file=" + escape_property(l.path) + position_properties(l) + ",";
  } else if (!l.path.empty()) {
    // A folder or a missing file: GitHub cannot anchor it, so the path goes into the text instead.
    text = l.path + ": " + text;
  }
  props += "title=" + escape_property(f.rule);
  if (!f.help.empty()) text += "\nhelp: " + f.help;
  return "::" + std::string(command_of(f.severity)) + " " + props + "::" + escape_data(text) + "\n";
}

class GithubWriter : public FormatWriter {
 public:
  std::string piece(const Finding& f) override { return annotation(f); }
  std::pair<std::string, std::string> frame(const Report& r, size_t) override {
    return {"", "::notice title=schemagate::" + escape_data(summary_sentence(r)) + "\n"};
  }
};

}  // namespace

std::unique_ptr<FormatWriter> github_writer(const Report&) { return std::make_unique<GithubWriter>(); }

std::string render_github(const Report& r) { return render_with(*github_writer(r), r); }

}  // namespace sg::report
