// Markdown for a pull-request comment or GitHub's job summary: a table of counts by severity, then the
// findings grouped by migration. Everything taken from the input is escaped, so a message or a path cannot
// inject links, HTML or table cells.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "reporters/display_text.hpp"
#include "reporters/extra_formats.hpp"
#include "reporters/report_facts.hpp"

namespace sg::report {
namespace {

// GitHub refuses comments over 65536 characters; the findings stop a little before that and say so.
constexpr size_t kMaxFindingsBytes = 60000;

// Backslash-escapes the ASCII punctuation that CommonMark or GitHub would interpret inline, and turns
// newlines into spaces (for one-line contexts). Messages and help quote SQL between backticks on purpose:
// a `...` pair stays a code span (inside which nothing is interpreted); a lone backtick is escaped.
// Block markers only matter at a line start: see line_start.
std::string escape_inline(std::string_view s) {
  static constexpr std::string_view kSpecial = "\\`*_[]<>#!|~&";
  std::string text = printable(s, "\n");
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' || c == '\r') { out += ' '; continue; }
    if (c == '`') {
      size_t close = text.find('`', i + 1);
      size_t nl = text.find('\n', i + 1);
      if (close != std::string::npos && close > i + 1 && (nl == std::string::npos || close < nl)) {
        out.append(text, i, close - i + 1);
        i = close;
        continue;
      }
    }
    if (kSpecial.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// A code span whose fence is longer than any backtick run inside, padded when the text touches a fence.
std::string code_span(std::string_view s) {
  std::string text = printable(s, "");
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

const char* severity_badge(Severity s) {
  switch (s) {
    case Severity::Error: return "\xE2\x9D\x8C **error**";               // ❌
    case Severity::Warning: return "\xE2\x9A\xA0\xEF\xB8\x8F **warning**";  // ⚠️
    case Severity::Info: return "\xE2\x84\xB9\xEF\xB8\x8F **info**";         // ℹ️
  }
  return "**warning**";
}

std::string lock_line(const LockInfo& lock) {
  std::string out = code_span(lock.mode) + " on " + code_span(lock.table);
  if (lock.rewrite && lock.scan) out += " (table rewrite, full scan)";
  else if (lock.rewrite) out += " (table rewrite)";
  else if (lock.scan) out += " (full table scan)";
  return out;
}

// Escapes what would open a list, quote or heading when it starts a continuation line: "- x", "+ x", "1. x".
std::string line_start(std::string_view line) {
  std::string out = escape_inline(line);
  size_t lead = out.find_first_not_of(' ');
  if (lead == std::string::npos) return out;
  if (out[lead] == '-' || out[lead] == '+') return out.insert(lead, "\\");
  size_t digits = out.find_first_not_of("0123456789", lead);
  if (digits != lead && digits != std::string::npos && (out[digits] == '.' || out[digits] == ')'))
    out.insert(digits, "\\");
  return out;
}

// Multi-line text (help) inside a nested list item: one hard line break per source line.
std::string indented_lines(std::string_view text, std::string_view indent) {
  std::string out;
  size_t pos = 0;
  bool first = true;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!first) out += "\\\n" + std::string(indent);
    out += first ? escape_inline(line) : line_start(line);
    first = false;
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

std::string finding_item(const Finding& f, const std::vector<RuleDescriptor>& rules, bool show_path) {
  std::string out = "- " + std::string(severity_badge(f.severity)) + " ";
  const RuleDescriptor* d = find_descriptor(rules, f.rule);
  out += d ? "[" + code_span(f.rule) + "](" + rule_doc_url(*d) + ")" : code_span(f.rule);
  const Location& l = f.location;
  if (show_path || !l.file) out += " in " + code_span(l.path);
  if (l.file) out += " line " + std::to_string(l.range.start.line);
  out += ": " + escape_inline(f.message) + "\n";
  for (const LockInfo& lock : f.locks) out += "  - Lock: " + lock_line(lock) + "\n";
  for (const RelatedLocation& rel : f.related) {
    std::string where = rel.location.path;
    if (rel.location.file) where += ":" + std::to_string(rel.location.range.start.line);
    out += "  - See " + code_span(where) + (rel.message.empty() ? "" : ": " + escape_inline(rel.message)) + "\n";
  }
  if (!f.help.empty()) out += "  - Help: " + indented_lines(f.help, "    ") + "\n";
  return out;
}

// Findings arrive sorted by path; a migration's files are adjacent, so grouping keeps that order.
struct Group {
  std::string title;  // migration folder name, or the path for findings outside any migration
  bool is_migration = false;
  std::vector<const Finding*> findings;
};

std::vector<Group> group_by_migration(const std::vector<Finding>& findings) {
  std::vector<Group> groups;
  for (const Finding& f : findings) {
    bool in_migration = !f.migration.empty();
    const std::string& key = in_migration ? f.migration : f.location.path;
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const Group& g) { return g.is_migration == in_migration && g.title == key; });
    if (it == groups.end()) it = groups.insert(groups.end(), Group{key, in_migration, {}});
    it->findings.push_back(&f);
  }
  return groups;
}

std::string summary_table(const SeverityCounts& c) {
  return "| Severity | Findings |\n| :-- | --: |\n"
         "| " + std::string(severity_badge(Severity::Error)) + " | " + std::to_string(c.errors) + " |\n"
         "| " + std::string(severity_badge(Severity::Warning)) + " | " + std::to_string(c.warnings) + " |\n"
         "| " + std::string(severity_badge(Severity::Info)) + " | " + std::to_string(c.infos) + " |\n"
         "| **total** | **" + std::to_string(c.total()) + "** |\n";
}

}  // namespace

std::string render_markdown(const Report& r) {
  SeverityCounts counts = count_by_severity(r.findings);
  bool failed = fails(r);
  std::string status = failed ? "\xE2\x9D\x8C failed"                                  // ❌
                       : counts.total() ? "\xE2\x9A\xA0\xEF\xB8\x8F passed with findings"  // ⚠️
                                        : "\xE2\x9C\x85 passed";                            // ✅
  std::string command = r.command.empty() ? "lint" : r.command;
  std::string out = "## schemagate " + escape_inline(command) + ": " + status + "\n\n";
  out += escape_inline(summary_sentence(r)) + " Findings of severity `" + to_string(r.fail_on) +
         "` or higher fail the check.\n\n";
  out += summary_table(counts);

  std::vector<RuleDescriptor> rules = declared_rules(r);
  size_t shown = 0;
  size_t findings_bytes = 0;
  for (const Group& g : group_by_migration(r.findings)) {
    if (findings_bytes > kMaxFindingsBytes) break;
    std::string section = "\n### " + std::string(g.is_migration ? "Migration " : "") + code_span(g.title) + "\n\n";
    const std::string& first_path = g.findings.front()->location.path;
    if (g.is_migration) section += code_span(first_path) + "\n\n";
    bool section_started = false;
    for (const Finding* f : g.findings) {
      std::string item = finding_item(*f, rules, g.is_migration && f->location.path != first_path);
      if (findings_bytes + section.size() + item.size() > kMaxFindingsBytes && shown > 0) {
        findings_bytes = kMaxFindingsBytes + 1;
        break;
      }
      if (!section_started) { out += section; findings_bytes += section.size(); section_started = true; section.clear(); }
      out += item;
      findings_bytes += item.size();
      ++shown;
    }
  }
  if (shown < r.findings.size())
    out += "\n_" + std::to_string(r.findings.size() - shown) +
           " more findings are not shown here; run `schemagate " + command + "` for the full report._\n";
  out += "\n_schemagate " + escape_inline(tool_version_of(r)) +
         " \xC2\xB7 `schemagate explain RULE` prints a rule's documentation._\n";  // ·
  return out;
}

}  // namespace sg::report
