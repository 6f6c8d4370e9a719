// Markdown for a pull-request comment or GitHub's job summary: a table of counts by severity, the findings
// grouped by migration with each migration's risk, then a Mermaid diagram of the tables the change touches. Everything taken from the input is escaped, so a message or a path cannot
// inject links, HTML or table cells.
#include <algorithm>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "analyzer/effects/effects.hpp"
#include "reporters/extra_formats.hpp"
#include "reporters/markdown_text.hpp"
#include "reporters/report_facts.hpp"

namespace sg::report {
namespace {

// GitHub refuses comments over 65536 characters; the findings stop a little before that and say so.
constexpr size_t kMaxFindingsBytes = 60000;
// GitHub's Mermaid gives up on large diagrams; the diagram's bytes come out of the findings' budget.
constexpr size_t kMaxDiagramBytes = 20000;

using md::code_span;
using md::escape_inline;

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

// PostgreSQL's lock modes, weakest first, as LockInfo::mode spells them.
int lock_rank(std::string_view mode) {
  for (int m = 0; m <= static_cast<int>(effects::LockMode::AccessExclusive); ++m)
    if (mode == effects::to_string(static_cast<effects::LockMode>(m))) return m;
  return 0;
}

// A migration's risk at a glance: its highest severity and the heaviest lock its findings name (a lock no rule
// flags, such as a foreign key's on a small table, is not counted).
std::string risk_line(const std::vector<const Finding*>& findings) {
  Severity highest = Severity::Info;
  const LockInfo* heaviest = nullptr;
  for (const Finding* f : findings) {
    highest = std::max(highest, f->severity);
    for (const LockInfo& l : f->locks) {
      auto key = [](const LockInfo& x) { return std::tuple(lock_rank(x.mode), x.rewrite, x.scan); };
      if (!heaviest || key(l) > key(*heaviest)) heaviest = &l;
    }
  }
  std::string out = "**Risk:** " + std::string(severity_badge(highest));
  out += heaviest ? " \xC2\xB7 heaviest flagged lock " + lock_line(*heaviest) : " \xC2\xB7 no flagged lock";
  out += " \xC2\xB7 " + std::to_string(findings.size()) + (findings.size() == 1 ? " finding" : " findings");
  return out;
}

// The tables the change acts on, as a diagram GitHub draws (and any renderer shows as code).
std::string diagram_section(const Report& r) {
  if (r.er_diagram.empty()) return {};
  constexpr size_t kMaxNames = 40;
  std::string names;
  for (size_t i = 0; i < r.touched_tables.size() && i < kMaxNames; ++i)
    names += (i ? ", " : "") + code_span(r.touched_tables[i]);
  if (r.touched_tables.size() > kMaxNames) names += " and " + std::to_string(r.touched_tables.size() - kMaxNames) + " more";
  std::string out = "\n### Tables this change touches\n\n";
  if (r.er_diagram.size() > kMaxDiagramBytes)
    return out + names + ": the diagram of these tables and their neighbours is too large for a comment; "
                         "`schemagate replay --format mermaid` prints the whole schema's.\n";
  if (!names.empty()) out += names + ", with the tables their foreign keys connect to:\n\n";
  return out + md::code_block(r.er_diagram, "mermaid");
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
  SeverityCounts counts = count_by_severity(r);
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
  // The diagram comes last but is budgeted first: it is small next to the findings, and cut whole.
  std::string diagram = diagram_section(r);
  const size_t budget = kMaxFindingsBytes - diagram.size();
  size_t shown = 0;
  size_t findings_bytes = 0;
  for (const Group& g : group_by_migration(r.findings)) {
    if (findings_bytes > budget) break;
    std::string section = "\n### " + std::string(g.is_migration ? "Migration " : "") + code_span(g.title) + "\n\n";
    const std::string& first_path = g.findings.front()->location.path;
    if (g.is_migration) section += code_span(first_path) + "\n\n" + risk_line(g.findings) + "\n\n";
    bool section_started = false;
    for (const Finding* f : g.findings) {
      std::string item = finding_item(*f, rules, g.is_migration && f->location.path != first_path);
      if (findings_bytes + section.size() + item.size() > budget && shown > 0) {
        findings_bytes = budget + 1;
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
  out += diagram;
  out += "\n_schemagate " + escape_inline(tool_version_of(r)) +
         " \xC2\xB7 `schemagate explain RULE` prints a rule's documentation._\n";  // ·
  return out;
}

}  // namespace sg::report
