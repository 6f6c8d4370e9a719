// The audit as one HTML file with no external assets: inline CSS, no script, no font or image to fetch, so it
// opens the same offline, from a CI artifact or an e-mail. The final schema is drawn as HTML tables (real
// content without JavaScript) and also given as Mermaid source for tools that render it. Every byte taken
// from the input is escaped: an identifier or a comment cannot add markup.
#include <algorithm>
#include <string>
#include <string_view>

#include "reporters/audit_report.hpp"
#include "reporters/display_text.hpp"
#include "reporters/report_facts.hpp"

namespace sg::report {
namespace {

using namespace audit_text;

// Text and attribute values alike: the five characters HTML gives meaning, after control bytes and invalid
// UTF-8 became visible stand-ins.
std::string esc(std::string_view s) {
  std::string text = printable(s, "\n\t");
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

constexpr std::string_view kStyle = R"(
:root{--high:#c62828;--medium:#ef6c00;--low:#f9a825;--none:#2e7d32;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:1200px;margin:0 auto;padding:32px 40px 48px}
h1{font-size:28px;margin:0 0 4px}h2{font-size:21px;margin:36px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
.sub{color:var(--muted);margin:0 0 20px}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 16px;background:var(--soft)}
.card span{display:block;color:var(--muted)}.card .num{font-size:26px;font-weight:700;color:var(--ink)}
.badge{display:inline-block;min-width:64px;text-align:center;border-radius:12px;padding:1px 10px;color:#fff;font-weight:600;font-size:13px}
.high{background:var(--high)}.medium{background:var(--medium)}.low{background:var(--low);color:#1f2328}.none{background:var(--none)}
.timeline{list-style:none;margin:0;padding:0 0 0 22px;border-left:3px solid var(--line)}
.timeline li{position:relative;margin:0 0 14px;padding-left:12px}
.timeline li::before{content:"";position:absolute;left:-33px;top:4px;width:16px;height:16px;border-radius:50%;border:3px solid #fff;background:var(--none)}
.timeline li.r-high::before{background:var(--high)}.timeline li.r-medium::before{background:var(--medium)}.timeline li.r-low::before{background:var(--low)}
.timeline time{color:var(--muted);margin-right:8px}.timeline .facts{color:var(--muted);font-size:14px}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--line);padding:6px 10px;text-align:left;vertical-align:top}
th{background:var(--soft)}td.n{text-align:right}
td pre{margin:0;white-space:pre-wrap;word-break:break-word}
td.stmt{width:55%}.where{margin-top:4px;color:var(--muted);overflow-wrap:anywhere}.where code{font-size:12px}
.sev{color:var(--muted);font-size:13px;margin-top:2px}td.rules{font-size:13px}td.rules a{display:block;white-space:nowrap}
.bar{height:12px;border-radius:6px;background:#0969da;min-width:4px}
.er{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:16px;align-items:start}
.entity{border:2px solid #0969da;border-radius:8px;overflow:hidden}
.entity h3{margin:0;padding:6px 10px;background:#0969da;color:#fff;font-size:15px}
.entity table td{border:none;border-top:1px solid var(--line);padding:3px 10px}
.entity .key{font-weight:700;color:#8250df;width:1%;white-space:nowrap}.entity .type{color:var(--muted)}
.entity .refs{margin:0;padding:6px 10px;border-top:1px solid var(--line);background:var(--soft);font-size:13px}
details{margin-top:16px}pre.mermaid{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:12px;overflow:auto}
footer{margin-top:40px;color:var(--muted);font-size:13px}
)";

std::string badge(audit::Risk r) {
  const char* word = audit::to_string(r);
  return std::string("<span class=\"badge ") + word + "\">" + word + "</span>";
}

std::string lock_html(const audit::Lock& l) {
  std::string text = lock_text(l);
  return text.empty() ? "&mdash;" : esc(text);
}

std::string card(const std::string& value, std::string_view label) {
  return "<div class=\"card\"><span class=\"num\">" + value + "</span><span>" + esc(label) + "</span></div>\n";
}

std::string overview(const audit::Audit& a) {
  size_t high = 0;
  for (const auto& m : a.migrations)
    if (audit::risk_of(m.severity, m.lock, m.replay_failed) == audit::Risk::High) ++high;
  std::string out = "<section class=\"cards\">\n";
  out += card(std::to_string(a.migrations.size()), "migrations");
  out += card(std::to_string(a.statement_count), "statements");
  out += card(std::to_string(high), "high-risk migrations");
  out += card(std::to_string(a.counts.errors), "errors");
  out += card(std::to_string(a.counts.warnings), "warnings");
  out += card(std::to_string(a.final_catalog.tables.size()), "tables now");
  return out + "</section>\n";
}

std::string timeline(const audit::Audit& a) {
  std::string out = "<section><h2>Timeline</h2>\n<ol class=\"timeline\">\n";
  for (const auto& m : a.migrations) {
    audit::Risk risk = audit::risk_of(m.severity, m.lock, m.replay_failed);
    out += std::string("<li class=\"r-") + audit::to_string(risk) + "\">";
    if (m.date) out += "<time>" + esc(*m.date) + "</time>";
    out += "<code>" + esc(m.name) + "</code> " + badge(risk);
    if (m.replay_failed) out += " <strong>PostgreSQL refuses this file</strong>";
    out += "<div class=\"facts\">" + std::to_string(m.statements) + (m.statements == 1 ? " statement" : " statements") +
           " &middot; " + std::to_string(m.findings.total()) + (m.findings.total() == 1 ? " finding" : " findings");
    if (m.severity) out += std::string(" (highest: ") + to_string(*m.severity) + ")";
    out += " &middot; heaviest lock: " + lock_html(m.lock);
    if (!m.tables.empty()) {
      constexpr size_t kMaxTables = 10;  // a big migration would otherwise fill the timeline
      out += " &middot; tables: ";
      for (size_t i = 0; i < m.tables.size() && i < kMaxTables; ++i)
        out += (i ? ", " : "") + std::string("<code>") + esc(m.tables[i]) + "</code>";
      if (m.tables.size() > kMaxTables) out += " and " + std::to_string(m.tables.size() - kMaxTables) + " more";
    }
    out += "</div></li>\n";
  }
  return out + "</ol></section>\n";
}

std::string dangerous_statements(const AuditReport& r) {
  const audit::Audit& a = r.audit;
  std::string out = "<section><h2>Most dangerous statements</h2>\n";
  if (a.statements.empty() || r.top == 0)
    return out + "<p>No statement has a finding or locks a table that held data before its migration.</p></section>\n";
  size_t shown = std::min(r.top, a.statements.size());
  out += "<p>The " + std::to_string(shown) + " of " + std::to_string(a.statements.size()) +
         " statements with a finding or a lock on existing data that cost the most: by risk, then highest "
         "severity, then heaviest lock.</p>\n<table><thead><tr><th>#</th><th>Risk</th><th>Lock</th><th>Statement</th>"
         "<th>Rules</th></tr></thead><tbody>\n";
  for (size_t i = 0; i < shown; ++i) {
    const audit::StatementRisk& s = a.statements[i];
    std::string rules;
    for (const std::string& id : s.rules) {  // one per line (td.rules a is a block)
      const RuleDescriptor* d = find_descriptor(r.rules, id);
      rules += d ? "<a href=\"" + esc(rule_doc_url(*d)) + "\"><code>" + esc(id) + "</code></a>" : "<code>" + esc(id) + "</code>";
    }
    out += "<tr><td class=\"n\">" + std::to_string(i + 1) + "</td><td>" + badge(audit::risk_of(s.severity, s.lock)) +
           "<div class=\"sev\">" + (s.severity ? std::string(to_string(*s.severity)) : "no finding") + "</div></td><td>" +
           lock_html(s.lock) + "</td><td class=\"stmt\"><pre>" + esc(statement_excerpt(s.location, 160)) +
           "</pre><div class=\"where\"><code>" + esc(where(s.location)) + "</code></div></td><td class=\"rules\">" +
           (rules.empty() ? "&mdash;" : rules) + "</td></tr>\n";
  }
  return out + "</tbody></table></section>\n";
}

std::string tables_by_changes(const audit::Audit& a) {
  std::string out = "<section><h2>Tables by number of changes</h2>\n";
  if (a.tables.empty()) return out + "<p>No statement acts on a table.</p></section>\n";
  uint32_t most = a.tables.front().statements;
  out += "<table><thead><tr><th>Table</th><th>Statements</th><th style=\"width:30%\"></th><th>Migrations</th>"
         "<th>First changed</th><th>Last changed</th><th>Now</th></tr></thead><tbody>\n";
  for (const auto& t : a.tables) {
    unsigned width = most ? static_cast<unsigned>(100.0 * t.statements / most + 0.5) : 0;
    std::string status = table_status(t);
    out += "<tr><td><code>" + esc(effects::display_name(t.name.first, t.name.second)) + "</code></td><td class=\"n\">" +
           std::to_string(t.statements) + "</td><td><div class=\"bar\" style=\"width:" + std::to_string(width) +
           "%\"></div></td><td class=\"n\">" + std::to_string(t.migrations) + "</td><td><code>" +
           esc(t.first_migration) + "</code></td><td><code>" + esc(t.last_migration) + "</code></td><td>" +
           (status.empty() ? "exists" : esc(status)) + "</td></tr>\n";
  }
  return out + "</tbody></table></section>\n";
}

std::string entity(const catalog::Table& t) {
  std::string out = "<div class=\"entity\"><h3>" + esc(effects::display_name(t.schema, t.name)) + "</h3><table>\n";
  for (const catalog::Column& c : t.columns) {
    std::string keys;
    for (const std::string& k : catalog::column_keys(t, c)) keys += (keys.empty() ? "" : " ") + k;
    out += "<tr><td class=\"key\">" + esc(keys) + "</td><td>" + esc(c.name) + "</td><td class=\"type\">" +
           esc(c.type) + (c.nullable ? "?" : "") + "</td></tr>\n";
  }
  out += "</table>";
  for (const catalog::ForeignKey& f : t.foreign_keys) {
    std::string cols, refs;
    for (const auto& c : f.columns) cols += (cols.empty() ? "" : ", ") + c;
    for (const auto& c : f.ref_columns) refs += (refs.empty() ? "" : ", ") + c;
    out += "<p class=\"refs\">(" + esc(cols) + ") &rarr; " + esc(effects::display_name(f.ref_schema, f.ref_table)) +
           " (" + esc(refs) + ") on delete " + esc(f.on_delete) + "</p>";
  }
  return out + "</div>\n";
}

std::string final_schema(const audit::Audit& a) {
  std::string out = "<section><h2>Final schema</h2>\n";
  const auto& c = a.final_catalog;
  if (c.tables.empty()) return out + "<p>The history leaves no tables.</p></section>\n";
  out += "<p>" + std::to_string(c.tables.size()) + (c.tables.size() == 1 ? " table" : " tables") +
         " after the last migration. Key markers: PK primary key, FK foreign key, UK unique; <code>?</code> marks a "
         "nullable column.</p>\n<div class=\"er\">\n";
  for (const auto& t : c.tables) out += entity(t);
  out += "</div>\n<details><summary>Mermaid source of the ER diagram</summary>\n<pre class=\"mermaid\">" +
         esc(catalog::to_mermaid(c)) + "</pre></details>\n";
  return out + "</section>\n";
}

}  // namespace

std::string render_audit_html(const AuditReport& r) {
  Report version_only;
  version_only.tool_version = r.tool_version;
  std::string title = "schemagate audit" + (r.title.empty() ? std::string() : ": " + r.title);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>" + esc(title) + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<main>\n";
  out += "<h1>schemagate audit</h1>\n<p class=\"sub\">";
  if (!r.title.empty()) out += "<code>" + esc(r.title) + "</code>: ";
  out += esc(overview_sentence(r.audit)) + "</p>\n";
  out += overview(r.audit) + timeline(r.audit) + dangerous_statements(r) + tables_by_changes(r.audit) +
         final_schema(r.audit);
  out += "<footer>schemagate " + esc(tool_version_of(version_only)) +
         " &middot; <code>schemagate explain RULE</code> prints a rule's documentation.</footer>\n";
  return out + "</main>\n</body>\n</html>\n";
}

}  // namespace sg::report
