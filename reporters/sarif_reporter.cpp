// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers; checked against the SARIF Multitool with
// GitHub's rules (tests/sarif_validation_test.cpp).
#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "reporters/artifact_uri.hpp"
#include "reporters/format_writers.hpp"
#include "reporters/json_dump.hpp"
#include "reporters/report.hpp"
#include "reporters/report_facts.hpp"
#include "reporters/source_excerpt.hpp"

namespace sg::report {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr const char* kSrcRoot = "%SRCROOT%";

const char* level_of(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "note";
  }
  return "warning";
}

// SARIF messages are sentences: viewers print them after other text, so end them with a period.
std::string sentence(std::string_view text) {
  std::string out(text);
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n' || out.back() == '\r' || out.back() == '\t'))
    out.pop_back();
  if (!out.empty() && out.back() != '.' && out.back() != '!' && out.back() != '?') out += '.';
  return out;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

Json rule_json(const RuleDescriptor& d) {
  std::string summary = sentence(d.summary.empty() ? d.id : d.summary);
  std::string description = d.description.empty() ? summary : sentence(d.description);
  std::string url = rule_doc_url(d);
  std::string help_text = d.help.empty() ? description + " See " + url : d.help + "\n\nSee " + url;
  std::string help_markdown = (d.help.empty() ? description : d.help) + "\n\n[Rule documentation](" + url + ")";
  Json j{{"id", d.id}};
  // SARIF wants id (opaque) and name (readable) to differ; the Multitool compares them ignoring case, so a
  // one-word id like "truncate" gets no name rather than "Truncate".
  if (std::string name = pascal_case(d.id); !same_ignoring_case(name, d.id)) j["name"] = name;
  j["shortDescription"] = {{"text", summary}};
  j["fullDescription"] = {{"text", description}};
  j["help"] = {{"text", help_text}, {"markdown", help_markdown}};
  j["helpUri"] = url;
  j["defaultConfiguration"] = {{"level", level_of(d.default_severity)}};
  Json tags = Json::array();
  if (!d.category.empty()) tags.push_back(d.category);
  j["properties"] = {{"tags", tags}};
  return j;
}

// Columns are 1-based code points with an exclusive end; a region never ends where it starts, and a span
// that stops right after a newline ends at the end of the line before, not at column 1 of the next.
Json region_json(const Location& l) {
  uint32_t start_line = l.range.start.line, start_column = l.range.start.column;
  uint32_t end_line = effective_end_line(l), end_column = l.range.end.column;
  if (std::string_view text = l.file->line_text(end_line); end_line != l.range.end.line && text.data()) {
    end_column = l.file->position(static_cast<uint32_t>(text.data() - l.file->text().data() + text.size())).column;
  }
  if (end_line < start_line || (end_line == start_line && end_column <= start_column)) {
    end_line = start_line;
    end_column = start_column + 1;
  }
  return Json{{"startLine", start_line}, {"startColumn", start_column}, {"endLine", end_line}, {"endColumn", end_column}};
}

Json physical_location(const Location& l, std::string_view base) {
  ArtifactUri a = artifact_uri(l.path, base);
  Json artifact{{"uri", a.uri}};
  if (a.relative) artifact["uriBaseId"] = kSrcRoot;
  Json j{{"artifactLocation", std::move(artifact)}};
  // GitHub code scanning needs at least region.startLine to place a result; a finding on a folder or on
  // the run itself points at the start of the path rather than at nothing (the Multitool warns, SARIF2017).
  j["region"] = l.file ? region_json(l) : Json{{"startLine", 1}};
  return j;
}

std::string result_text(const Finding& f) {
  std::string text = sentence(f.message);
  if (!f.help.empty()) text += "\n" + sentence(f.help);
  return text;
}

Json result_json(const Finding& f, const std::vector<RuleDescriptor>& rules, std::string_view base) {
  const RuleDescriptor* d = find_descriptor(rules, f.rule);
  Json j{{"ruleId", f.rule},
         {"ruleIndex", d - rules.data()},
         {"level", level_of(f.severity)},
         {"message", {{"text", result_text(f)}}},
         {"locations", Json::array({{{"physicalLocation", physical_location(f.location, base)}}})},
         {"partialFingerprints", {{"schemagate/v1", fingerprint_of(f)}}}};
  if (!f.related.empty()) {
    Json related = Json::array();
    int id = 0;
    for (const RelatedLocation& r : f.related)
      related.push_back({{"id", id++},
                         {"physicalLocation", physical_location(r.location, base)},
                         {"message", {{"text", sentence(r.message)}}}});
    j["relatedLocations"] = std::move(related);
  }
  Json props = Json::object();
  if (!f.migration.empty()) props["migration"] = f.migration;
  if (!f.help.empty()) props["help"] = f.help;
  if (!f.locks.empty()) {
    Json locks = Json::array();
    for (const LockInfo& l : f.locks)
      locks.push_back({{"table", l.table}, {"mode", l.mode}, {"rewrite", l.rewrite}, {"scan", l.scan}});
    props["locks"] = std::move(locks);
  }
  if (!props.empty()) j["properties"] = std::move(props);
  return j;
}

Json sarif_log(const Report& r, const std::vector<RuleDescriptor>& rules) {
  std::string version = tool_version_of(r);
  Json rules_json = Json::array();
  for (const RuleDescriptor& d : rules) rules_json.push_back(rule_json(d));
  Json driver{{"name", "schemagate"},
              {"version", version},
              {"semanticVersion", version},
              {"informationUri", kRepositoryUrl},
              {"rules", std::move(rules_json)}};

  Json run{{"tool", {{"driver", std::move(driver)}}}};
  // A base URI must be absolute; with a relative or unknown directory, GitHub's checkout path stands in.
  if (std::filesystem::path(r.working_directory).is_absolute())
    run["originalUriBaseIds"] = {{kSrcRoot, {{"uri", directory_uri(r.working_directory)}}}};
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = Json::array();  // filled result by result (a document of them all is several times their size)
  return Json{{"$schema", kSchemaUri}, {"version", "2.1.0"}, {"runs", Json::array({std::move(run)})}};
}

// Results refer to their rule by its index in the rules the log declares, so those are fixed first: the
// report's descriptors, and the rules its findings name (when it has them).
class SarifWriter : public FormatWriter {
 public:
  explicit SarifWriter(const Report& r)
      : rules_(declared_rules(r)), base_(r.working_directory), layout_(frame_array(sarif_log(r, rules_), "results", false)) {}
  std::string piece(const Finding& f) override {
    // Streamed findings are not known when the writer is made: a rule nothing described is declared by its
    // first finding.
    if (!find_descriptor(rules_, f.rule)) rules_.push_back(stand_in_descriptor(f));
    return element_text(result_json(f, rules_, base_), layout_);
  }
  std::string_view separator() const override { return ","; }
  std::pair<std::string, std::string> frame(const Report& r, size_t count) override {
    ArrayFrame frame = frame_array(sarif_log(r, rules_), "results", count == 0);
    return {std::move(frame.before), std::move(frame.after)};
  }

 private:
  std::vector<RuleDescriptor> rules_;
  std::string base_;
  ArrayFrame layout_;
};

}  // namespace

std::unique_ptr<FormatWriter> sarif_writer(const Report& r) { return std::make_unique<SarifWriter>(r); }

std::string render_sarif(const Report& r) { return render_with(*sarif_writer(r), r); }

}  // namespace sg::report
