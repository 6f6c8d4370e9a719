// The machine format for scripts and other tools: "schemagate/findings/1", documented field by field in
// docs/json-format.md. Additive changes keep the version; anything else bumps it.
#include <nlohmann/json.hpp>

#include "reporters/format_writers.hpp"
#include "reporters/json_dump.hpp"
#include "reporters/json_text.hpp"
#include "reporters/report.hpp"
#include "reporters/report_facts.hpp"

namespace sg::report {
namespace {

using Json = nlohmann::ordered_json;

void write_point(JsonText& out, uint32_t line, uint32_t column, uint32_t offset) {
  out.open_object();
  out.field("line", line);
  out.field("column", column);
  out.field("offset", offset);
  out.close_object();
}

void write_location(JsonText& out, const Location& l) {
  out.open_object();
  out.field("path", l.path);
  out.key("start");
  if (l.file) write_point(out, l.range.start.line, l.range.start.column, l.span.begin);
  else out.null();
  out.key("end");
  if (l.file) write_point(out, l.range.end.line, l.range.end.column, std::max(l.span.begin, l.span.end));
  else out.null();
  out.close_object();
}

// One element of "findings", in the fields' documented order.
std::string finding_text(const Finding& f, const std::vector<RuleDescriptor>& rules, const std::string& newline) {
  const RuleDescriptor* d = find_descriptor(rules, f.rule);
  JsonText out(newline);
  out.text() = newline;
  out.open_object();
  out.field("rule", f.rule);
  out.field("severity", to_string(f.severity));
  out.field_or_null("category", d ? std::string_view(d->category) : std::string_view());
  out.field("message", f.message);
  out.field("help", f.help);
  out.key("location");
  write_location(out, f.location);
  out.field_or_null("migration", f.migration);
  out.field("fingerprint", fingerprint_of(f));
  out.key("locks");
  out.open_array();
  for (const LockInfo& l : f.locks) {
    out.open_object();
    out.field("table", l.table);
    out.field("mode", l.mode);
    out.flag("rewrite", l.rewrite);
    out.flag("scan", l.scan);
    out.close_object();
  }
  out.close_array();
  out.key("related");
  out.open_array();
  for (const RelatedLocation& r : f.related) {
    out.open_object();
    out.field("message", r.message);
    out.key("location");
    write_location(out, r.location);
    out.close_object();
  }
  out.close_array();
  out.close_object();
  return std::move(out.text());
}

Json document(const Report& r) {
  SeverityCounts counts = count_by_severity(r);
  Json doc{{"schema", "schemagate/findings/1"},
           {"tool", {{"name", "schemagate"}, {"version", tool_version_of(r)}}},
           {"command", r.command},
           {"summary",
            {{"findings", counts.total()},
             {"by_severity", {{"error", counts.errors}, {"warning", counts.warnings}, {"info", counts.infos}}},
             {"migrations", r.migrations},
             {"statements", r.statements},
             {"files", r.files},
             {"fail_on", to_string(r.fail_on)},
             {"failed", fails(r)}}}};
  doc["findings"] = Json::array();
  return doc;
}

// The findings array sits at the same depth whatever the counts are, so its frame (and each finding's
// indentation) is known before the first finding.
class JsonWriter : public FormatWriter {
 public:
  explicit JsonWriter(const Report& r) : rules_(declared_rules(r)), layout_(frame_array(document(r), "findings", false)) {}
  std::string piece(const Finding& f) override { return finding_text(f, rules_, layout_.inner); }
  std::string_view separator() const override { return ","; }
  std::pair<std::string, std::string> frame(const Report& r, size_t count) override {
    ArrayFrame frame = frame_array(document(r), "findings", count == 0);
    return {std::move(frame.before), std::move(frame.after)};
  }

 private:
  std::vector<RuleDescriptor> rules_;
  ArrayFrame layout_;
};

}  // namespace

std::unique_ptr<FormatWriter> json_writer(const Report& r) { return std::make_unique<JsonWriter>(r); }

std::string render_json(const Report& r) { return render_with(*json_writer(r), r); }

}  // namespace sg::report
