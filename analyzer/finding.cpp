#include "analyzer/finding.hpp"

#include <algorithm>
#include <tuple>

#include "analyzer/hash.hpp"

namespace sg {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "error";
}

std::optional<Severity> parse_severity(std::string_view s) {
  if (s == "info" || s == "note") return Severity::Info;
  if (s == "warning" || s == "warn") return Severity::Warning;
  if (s == "error") return Severity::Error;
  return std::nullopt;
}

Location make_location(const SourcePtr& file, Span span) {
  Location l;
  l.file = file;
  l.path = file ? file->path() : std::string();
  l.span = span;
  if (file) l.range = file->range(span);
  return l;
}

Location make_location(std::string path) {
  Location l;
  l.path = std::move(path);
  return l;
}

std::string fingerprint_of(const Finding& f) {
  if (!f.fingerprint.empty()) return f.fingerprint;
  std::string key = f.rule + '\x1f' + f.location.path + '\x1f' + f.migration + '\x1f';
  if (f.location.file) {
    // Whitespace-insensitive text of the span, so reformatting around it does not change the key.
    bool space = false;
    for (char c : f.location.file->slice(f.location.span)) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = true; continue; }
      if (space) key += ' ';
      space = false;
      key += c;
    }
  } else {
    key += f.message;
  }
  return sha256_hex(key).substr(0, 16);
}

void finalize_fingerprint(Finding& f) { f.fingerprint = fingerprint_of(f); }

void sort_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.location.path, a.location.range.start.line, a.location.range.start.column, a.rule) <
           std::tie(b.location.path, b.location.range.start.line, b.location.range.start.column, b.rule);
  });
}

}  // namespace sg
