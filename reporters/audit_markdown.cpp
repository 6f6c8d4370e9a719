// The audit as Markdown: overview, timeline table, the most dangerous statements, tables by number of
// changes, and the final schema as a ```mermaid block. Everything from the input goes through markdown_text.
#include <string>

#include "reporters/audit_report.hpp"
#include "reporters/markdown_text.hpp"
#include "reporters/report_facts.hpp"

namespace sg::report {
namespace {

using namespace audit_text;
using md::cell_code;
using md::escape_inline;

// Cells are one line; an empty cell reads as "nothing" rather than a missing value.
constexpr const char* kNothing = "\xE2\x80\x94";  // —

const char* risk_badge(audit::Risk r) {
  switch (r) {
    case audit::Risk::High: return "\xF0\x9F\x94\xB4 high";     // 🔴
    case audit::Risk::Medium: return "\xF0\x9F\x9F\xA0 medium";  // 🟠
    case audit::Risk::Low: return "\xF0\x9F\x9F\xA1 low";        // 🟡
    case audit::Risk::None: return "\xF0\x9F\x9F\xA2 none";      // 🟢
  }
  return "none";
}

std::string lock_cell(const audit::Lock& l) {
  if (l.mode == effects::LockMode::None) return kNothing;
  std::string out = cell_code(effects::to_string(l.mode)) + " on " + cell_code(l.table);
  if (l.rewrite) out += " (table rewrite)";
  else if (l.scan) out += " (full table scan)";
  return out;
}

std::string timeline(const audit::Audit& a) {
  std::string out = "## Timeline\n\n"
                    "| Date (UTC) | Migration | Risk | Statements | Findings | Highest severity | Heaviest lock |\n"
                    "| :-- | :-- | :-- | --: | --: | :-- | :-- |\n";
  for (const auto& m : a.migrations) {
    audit::Risk risk = audit::risk_of(m.severity, m.lock, m.replay_failed);
    out += "| " + (m.date ? escape_inline(*m.date) : std::string(kNothing)) + " | " + cell_code(m.name) + " | " +
           risk_badge(risk) + (m.replay_failed ? " (PostgreSQL refuses it)" : "") + " | " +
           std::to_string(m.statements) + " | " + std::to_string(m.findings.total()) + " | " +
           severity_text(m.severity) + " | " + lock_cell(m.lock) + " |\n";
  }
  return out;
}

std::string dangerous_statements(const AuditReport& r) {
  const audit::Audit& a = r.audit;
  std::string out = "## Most dangerous statements\n\n";
  if (a.statements.empty() || r.top == 0)
    return out + "No statement has a finding or locks a table that held data before its migration.\n";
  size_t shown = std::min(r.top, a.statements.size());
  out += "The " + std::to_string(shown) + " of " + std::to_string(a.statements.size()) +
         " statements with a finding or a lock on existing data that cost the most: by risk, then "
         "highest severity, then heaviest lock.\n\n"
         "| # | Risk | Severity | Lock | Where | Statement | Rules |\n"
         "| --: | :-- | :-- | :-- | :-- | :-- | :-- |\n";
  std::vector<RuleDescriptor> rules = r.rules;
  for (size_t i = 0; i < shown; ++i) {
    const audit::StatementRisk& s = a.statements[i];
    std::string rule_cell;
    for (const std::string& id : s.rules) {
      if (!rule_cell.empty()) rule_cell += ", ";
      const RuleDescriptor* d = find_descriptor(rules, id);
      rule_cell += d ? "[" + cell_code(id) + "](" + rule_doc_url(*d) + ")" : cell_code(id);
    }
    out += "| " + std::to_string(i + 1) + " | " + risk_badge(audit::risk_of(s.severity, s.lock)) + " | " +
           severity_text(s.severity) + " | " + lock_cell(s.lock) + " | " + cell_code(where(s.location)) + " | " +
           cell_code(statement_excerpt(s.location, 100)) + " | " + (rule_cell.empty() ? kNothing : rule_cell) + " |\n";
  }
  return out;
}

std::string tables_by_changes(const audit::Audit& a) {
  std::string out = "## Tables by number of changes\n\n";
  if (a.tables.empty()) return out + "No statement acts on a table.\n";
  out += "| Table | Statements | Migrations | First changed | Last changed | Now |\n"
         "| :-- | --: | --: | :-- | :-- | :-- |\n";
  for (const auto& t : a.tables) {
    std::string status = table_status(t);
    out += "| " + cell_code(effects::display_name(t.name.first, t.name.second)) + " | " +
           std::to_string(t.statements) + " | " + std::to_string(t.migrations) + " | " + cell_code(t.first_migration) +
           " | " + cell_code(t.last_migration) + " | " + (status.empty() ? "exists" : escape_inline(status)) + " |\n";
  }
  return out;
}

std::string final_schema(const audit::Audit& a) {
  std::string out = "## Final schema\n\n";
  const auto& c = a.final_catalog;
  if (c.tables.empty()) return out + "The history leaves no tables.\n";
  size_t fks = 0;
  for (const auto& t : c.tables) fks += t.foreign_keys.size();
  out += std::to_string(c.tables.size()) + (c.tables.size() == 1 ? " table" : " tables") + ", " +
         std::to_string(fks) + (fks == 1 ? " foreign key" : " foreign keys") + ", " + std::to_string(c.enums.size()) +
         (c.enums.size() == 1 ? " enum" : " enums") + " after the last migration.\n\n";
  return out + md::code_block(catalog::to_mermaid(c), "mermaid");
}

}  // namespace

std::string render_audit_markdown(const AuditReport& r) {
  std::string out = "# schemagate audit";
  if (!r.title.empty()) out += ": " + md::code_span(r.title);
  out += "\n\n" + escape_inline(overview_sentence(r.audit)) + "\n\n";
  out += timeline(r.audit) + "\n" + dangerous_statements(r) + "\n" + tables_by_changes(r.audit) + "\n" +
         final_schema(r.audit);
  Report version_only;
  version_only.tool_version = r.tool_version;
  out += "\n_schemagate " + escape_inline(tool_version_of(version_only)) +
         " \xC2\xB7 `schemagate explain RULE` prints a rule's documentation._\n";  // ·
  return out;
}

}  // namespace sg::report
