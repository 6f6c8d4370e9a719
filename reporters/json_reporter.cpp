// The machine format for scripts and other tools: "schemagate/findings/1", documented field by field in
// docs/json-format.md. Additive changes keep the version; anything else bumps it.
#include <nlohmann/json.hpp>

#include "reporters/format_writers.hpp"
#include "reporters/json_dump.hpp"
#include "reporters/report.hpp"
#include "reporters/report_facts.hpp"

namespace sg::report {
namespace {

using Json = nlohmann::ordered_json;

Json point(uint32_t line, uint32_t column, uint32_t offset) {
  return Json{{"line", line}, {"column", column}, {"offset", offset}};
}

Json location_json(const Location& l) {
  Json j{{"path", l.path}};
  if (l.file) {
    j["start"] = point(l.range.start.line, l.range.start.column, l.span.begin);
    j["end"] = point(l.range.end.line, l.range.end.column, std::max(l.span.begin, l.span.end));
  } else {
    j["start"] = nullptr;
    j["end"] = nullptr;
  }
  return j;
}

Json finding_json(const Finding& f, const std::vector<RuleDescriptor>& rules) {
  const RuleDescriptor* d = find_descriptor(rules, f.rule);
  Json j{{"rule", f.rule},
         {"severity", to_string(f.severity)},
         {"category", d && !d->category.empty() ? Json(d->category) : Json(nullptr)},
         {"message", f.message},
         {"help", f.help},
         {"location", location_json(f.location)},
         {"migration", f.migration.empty() ? Json(nullptr) : Json(f.migration)},
         {"fingerprint", fingerprint_of(f)}};
  Json locks = Json::array();
  for (const LockInfo& l : f.locks)
    locks.push_back({{"table", l.table}, {"mode", l.mode}, {"rewrite", l.rewrite}, {"scan", l.scan}});
  j["locks"] = std::move(locks);
  Json related = Json::array();
  for (const RelatedLocation& r : f.related)
    related.push_back({{"message", r.message}, {"location", location_json(r.location)}});
  j["related"] = std::move(related);
  return j;
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
  std::string piece(const Finding& f) override { return element_text(finding_json(f, rules_), layout_); }
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
