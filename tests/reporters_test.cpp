// Reporters on handmade Reports: exact text, JSON schema fields, SARIF structure, GitHub escaping.
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <nlohmann/json.hpp>
#include <string>

#include "reporters/json_text.hpp"
#include "reporters/report.hpp"
#include "support/test_support.hpp"

namespace sg::report {
namespace {

using nlohmann::json;

SourcePtr source(std::string path, std::string text) {
  return std::make_shared<const SourceFile>(std::move(path), std::move(text));
}

// The location of the first occurrence of `needle` in `file`.
Location at(const SourcePtr& file, std::string_view needle) {
  size_t pos = file->text().find(needle);
  EXPECT_NE(pos, std::string::npos) << needle;
  return make_location(file, Span{static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + needle.size())});
}

Finding finding(std::string rule, Severity s, std::string message, std::string help, Location loc) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = s;
  f.message = std::move(message);
  f.help = std::move(help);
  f.location = std::move(loc);
  finalize_fingerprint(f);
  return f;
}

Report report_of(std::vector<Finding> findings, uint32_t migrations = 1, uint32_t statements = 1) {
  Report r;
  r.tool_version = "0.1.0";
  r.command = "lint";
  r.findings = std::move(findings);
  r.migrations = migrations;
  r.statements = statements;
  r.files = migrations;
  r.working_directory = "/repo";
  return r;
}

const std::string kMigration = "prisma/migrations/20240101000000_init/migration.sql";

// One NOT NULL column added to an existing table: the finding every format is checked on.
Report add_column_report() {
  auto file = source(kMigration, "-- Add a column\nALTER TABLE \"Post\" ADD COLUMN \"slug\" TEXT NOT NULL;\n");
  Finding f = finding("add-required-column", Severity::Error,
                      "Adding a NOT NULL column without a default fails when \"Post\" has rows",
                      "Add the column as nullable, backfill it, then set NOT NULL",
                      at(file, "ADD COLUMN \"slug\" TEXT NOT NULL"));
  f.migration = "20240101000000_init";
  f.locks.push_back({"\"Post\"", "ACCESS EXCLUSIVE", true, false});
  RuleDescriptor d;
  d.id = "add-required-column";
  d.summary = "Adding a required column without a default";
  d.description = "PostgreSQL rejects the statement when the table has rows.";
  d.help = "Add the column as nullable, backfill, then `SET NOT NULL`.";
  d.category = "deploy-failure";
  d.default_severity = Severity::Error;
  Report r = report_of({f});
  r.rules.push_back(d);
  return r;
}

std::string strip_ansi(std::string s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
      i = s.find('m', i);
      if (i == std::string::npos) break;
      continue;
    }
    out += s[i];
  }
  return out;
}

// --- text ---------------------------------------------------------------------------------------

TEST(ReportersText, HeaderSourceUnderlineLockHelpAndSummary) {
  std::string expected = kMigration +
                         ":2:20: error[add-required-column] Adding a NOT NULL column without a default fails when "
                         "\"Post\" has rows\n"
                         "  |\n"
                         "2 | ALTER TABLE \"Post\" ADD COLUMN \"slug\" TEXT NOT NULL;\n"
                         "  | " + std::string(19, ' ') + std::string(31, '^') + "\n"
                         "  |\n"
                         "  = lock: ACCESS EXCLUSIVE on \"Post\" (table rewrite)\n"
                         "  = help: Add the column as nullable, backfill it, then set NOT NULL\n"
                         "\n"
                         "Found 1 error in 1 migration (1 statement).\n";
  EXPECT_EQ(render_text(add_column_report(), {}), expected);
}

TEST(ReportersText, WithoutSourceKeepsHeaderAndNotes) {
  std::string out = render_text(add_column_report(), {.color = false, .show_source = false});
  EXPECT_EQ(out.find(" | "), std::string::npos) << out;
  EXPECT_NE(out.find("  = help: Add the column"), std::string::npos) << out;
  EXPECT_NE(out.find(kMigration + ":2:20: error[add-required-column]"), std::string::npos) << out;
}

TEST(ReportersText, ColourOnlyWhenAskedAndSameTextUnderneath) {
  Report r = add_column_report();
  std::string plain = render_text(r, {.color = false});
  std::string coloured = render_text(r, {.color = true});
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[1;31merror[add-required-column]\x1b[0m"), std::string::npos) << coloured;
  EXPECT_EQ(strip_ansi(coloured), plain);
}

TEST(ReportersText, UnicodeColumnsCountCodePointsAndUnderlineCells) {
  // "é" is one code point in two bytes; "日本" are two wide characters, two cells each.
  auto file = source("m.sql", "INSERT INTO \"Café\" VALUES ('日本');\n");
  Report r = report_of({finding("r", Severity::Warning, "m", "", at(file, "'日本'"))});
  std::string out = render_text(r, {});
  EXPECT_NE(out.find("m.sql:1:28: warning[r] m\n"), std::string::npos) << out;
  // Underline starts under the quote (cell 27) and spans quote + 2 wide chars + quote = 6 cells.
  EXPECT_NE(out.find("\n  | " + std::string(27, ' ') + "^^^^^^\n"), std::string::npos) << out;
}

TEST(ReportersText, TabsExpandInLineAndUnderline) {
  auto file = source("m.sql", "\tDROP TABLE \"User\";\n");
  Report r = report_of({finding("r", Severity::Info, "m", "", at(file, "DROP TABLE"))});
  std::string out = render_text(r, {});
  EXPECT_NE(out.find("m.sql:1:2: info[r] m\n"), std::string::npos) << out;
  EXPECT_NE(out.find("1 |     DROP TABLE \"User\";\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  |     ^^^^^^^^^^\n"), std::string::npos) << out;
  EXPECT_EQ(out.find('\t'), std::string::npos);
}

TEST(ReportersText, MultiLineSpanShowsFirstLineMarkedToItsEnd) {
  auto file = source("m.sql", "SELECT 1;\nUPDATE \"Post\"\r\n  SET x = 1\r\n  WHERE y;\r\n");
  Report r = report_of({finding("r", Severity::Warning, "m", "", at(file, "UPDATE \"Post\"\r\n  SET x = 1\r\n  WHERE y;"))});
  std::string out = render_text(r, {});
  EXPECT_NE(out.find("2 | UPDATE \"Post\"\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  | ^^^^^^^^^^^^^ (continues to line 4)\n"), std::string::npos) << out;
  EXPECT_EQ(out.find('\r'), std::string::npos);
}

TEST(ReportersText, SpanEndingAfterNewlineDoesNotClaimNextLine) {
  auto file = source("m.sql", "DROP TABLE a;\nDROP TABLE b;\n");
  Report r = report_of({finding("r", Severity::Warning, "m", "", at(file, "DROP TABLE a;\n"))});
  std::string out = render_text(r, {});
  EXPECT_NE(out.find("  | ^^^^^^^^^^^^^\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("continues"), std::string::npos) << out;
}

TEST(ReportersText, EmptySpanGetsOneCaretAndControlBytesAreShownNotSent) {
  auto file = source("m.sql", "SELECT '\x1b[31m';\n");
  Location loc = make_location(file, Span{7, 7});
  Report r = report_of({finding("r", Severity::Warning, "m", "", loc)});
  std::string out = render_text(r, {});
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_NE(out.find("1 | SELECT '\u241b[31m';\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  |        ^\n"), std::string::npos) << out;
}

TEST(ReportersText, FindingWithoutFileRelatedNotesAndMultiLineHelp) {
  auto file = source("schema.prisma", "model Post {\n  id Int @id\n}\n");
  Finding missing = finding("missing-migrations-folder", Severity::Error, "No migrations folder",
                            "Run `prisma migrate dev`\nor pass --migrations", make_location("prisma/migrations"));
  missing.related.push_back({at(file, "model Post"), "the schema declares models"});
  std::string out = render_text(report_of({missing}, 0, 0), {});
  std::string expected =
      "prisma/migrations: error[missing-migrations-folder] No migrations folder\n"
      "  = note: schema.prisma:1:1: the schema declares models\n"
      "  = help: Run `prisma migrate dev`\n"
      "          or pass --migrations\n"
      "\n"
      "Found 1 error in 0 migrations (0 statements).\n";
  EXPECT_EQ(out, expected);
}

TEST(ReportersText, SummaryCountsEverySeverityAndPlurals) {
  auto file = source("m.sql", "SELECT 1;\n");
  Location l = at(file, "SELECT 1;");
  Report r = report_of({finding("a", Severity::Error, "m", "", l), finding("b", Severity::Error, "m", "", l),
                        finding("c", Severity::Warning, "m", "", l), finding("d", Severity::Info, "m", "", l),
                        finding("e", Severity::Info, "m", "", l)},
                       12, 340);
  std::string out = render_text(r, {});
  EXPECT_TRUE(out.ends_with("\nFound 2 errors, 1 warning, 2 info in 12 migrations (340 statements).\n")) << out;
  EXPECT_EQ(render_text(report_of({}, 12, 340), {}), "No findings in 12 migrations (340 statements).\n");
}

// --- json ---------------------------------------------------------------------------------------

TEST(ReportersJson, SchemaSummaryAndEveryFindingField) {
  Report r = add_column_report();
  auto schema = source("schema.prisma", "model Post {\n  slug String\n}\n");
  r.findings[0].related.push_back({at(schema, "slug String"), "declared here"});
  r.findings.push_back(finding("missing-lock-file", Severity::Warning, "No migration_lock.toml", "Commit it",
                               make_location("prisma/migrations")));
  json j = json::parse(render_json(r));

  EXPECT_EQ(j["schema"], "schemagate/findings/1");
  EXPECT_EQ(j["tool"]["name"], "schemagate");
  EXPECT_EQ(j["tool"]["version"], "0.1.0");
  EXPECT_EQ(j["command"], "lint");
  EXPECT_EQ(j["summary"]["findings"], 2);
  EXPECT_EQ(j["summary"]["by_severity"], json::parse(R"({"error":1,"warning":1,"info":0})"));
  EXPECT_EQ(j["summary"]["migrations"], 1);
  EXPECT_EQ(j["summary"]["statements"], 1);
  EXPECT_EQ(j["summary"]["fail_on"], "error");
  EXPECT_EQ(j["summary"]["failed"], true);

  ASSERT_EQ(j["findings"].size(), 2u);
  const json& f = j["findings"][0];
  EXPECT_EQ(f["rule"], "add-required-column");
  EXPECT_EQ(f["severity"], "error");
  EXPECT_EQ(f["category"], "deploy-failure");
  EXPECT_EQ(f["message"], r.findings[0].message);
  EXPECT_EQ(f["help"], r.findings[0].help);
  EXPECT_EQ(f["migration"], "20240101000000_init");
  EXPECT_EQ(f["fingerprint"], r.findings[0].fingerprint);
  EXPECT_EQ(f["fingerprint"].get<std::string>().size(), 16u);
  EXPECT_EQ(f["location"]["path"], kMigration);
  EXPECT_EQ(f["location"]["start"], json::parse(R"({"line":2,"column":20,"offset":35})"));
  EXPECT_EQ(f["location"]["end"], json::parse(R"({"line":2,"column":51,"offset":66})"));
  EXPECT_EQ(f["locks"], json::parse(R"([{"table":"\"Post\"","mode":"ACCESS EXCLUSIVE","rewrite":true,"scan":false}])"));
  ASSERT_EQ(f["related"].size(), 1u);
  EXPECT_EQ(f["related"][0]["message"], "declared here");
  EXPECT_EQ(f["related"][0]["location"]["path"], "schema.prisma");
  EXPECT_EQ(f["related"][0]["location"]["start"]["line"], 2);

  const json& g = j["findings"][1];
  EXPECT_EQ(g["location"]["path"], "prisma/migrations");
  EXPECT_TRUE(g["location"]["start"].is_null());
  EXPECT_TRUE(g["location"]["end"].is_null());
  EXPECT_TRUE(g["migration"].is_null());
  EXPECT_TRUE(g["category"].is_null());
  EXPECT_FALSE(g["fingerprint"].get<std::string>().empty());
}

TEST(ReportersJson, OffsetsSliceTheSpanAndColumnsAreCodePoints) {
  std::string text = "-- ünïcödé\nDROP TABLE \"Ünï\";\n";
  auto file = source("m.sql", text);
  Report r = report_of({finding("r", Severity::Info, "m", "", at(file, "\"Ünï\""))});
  json f = json::parse(render_json(r))["findings"][0]["location"];
  uint32_t b = f["start"]["offset"], e = f["end"]["offset"];
  EXPECT_EQ(text.substr(b, e - b), "\"Ünï\"");
  EXPECT_EQ(f["start"]["column"], 12);
  EXPECT_EQ(f["end"]["column"], 17);
}

TEST(ReportersJson, InvalidUtf8InAMessageStillGivesValidJson) {
  auto file = source("m.sql", "SELECT '\xff';\n");
  Report r = report_of({finding("r", Severity::Error, "bad byte \xff here", "", at(file, "'\xff'"))});
  std::string out;
  ASSERT_NO_THROW(out = render_json(r));
  json j = json::parse(out);
  EXPECT_EQ(j["findings"][0]["message"], "bad byte \xEF\xBF\xBD here");
}

// The finding writer lays its text out as nlohmann's dump(2) does, nested in an array's indentation: empty and
// nested containers, every kind of value, escapes and invalid UTF-8.
TEST(ReportersJson, WrittenTextIsLaidOutAsADump) {
  const std::string odd = "quote \" back \\ tab \t nl \n ctl \x01 del \x7f bad \xff ok \xc3\xa9";
  nlohmann::ordered_json value{{"s", odd},    {"n", 42u},  {"t", true},
                               {"f", false},  {"z", nullptr}, {"empty_a", json::array()},
                               {"empty_o", json::object()}, {"a", {{{"k", "v"}}, {{"k", "w"}, {"x", 1u}}}}};
  value["o"] = {{"inner", {{"deep", odd}}}};
  const std::string newline = "\n    ";
  sg::report::JsonText out(newline);
  out.open_object();
  out.key("s");
  out.string(odd);
  out.key("n");
  out.number(42);
  out.key("t");
  out.boolean(true);
  out.key("f");
  out.boolean(false);
  out.key("z");
  out.null();
  out.key("empty_a");
  out.open_array();
  out.close_array();
  out.key("empty_o");
  out.open_object();
  out.close_object();
  out.key("a");
  out.open_array();
  out.open_object();
  out.key("k");
  out.string("v");
  out.close_object();
  out.open_object();
  out.key("k");
  out.string("w");
  out.key("x");
  out.number(1);
  out.close_object();
  out.close_array();
  out.key("o");
  out.open_object();
  out.key("inner");
  out.open_object();
  out.key("deep");
  out.string(odd);
  out.close_object();
  out.close_object();
  out.close_object();
  std::string want = value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  for (size_t p = 0; (p = want.find('\n', p)) != std::string::npos; p += newline.size()) want.replace(p, 1, newline);
  EXPECT_EQ(out.text(), want);
}

// Valid UTF-8 is escaped by the writer itself, the rest by nlohmann's dump: every ASCII byte, alone and between
// other text, and valid and invalid UTF-8 with escapes, come out as a dump writes them.
TEST(ReportersJson, StringsAreEscapedAsADumpEscapesThem) {
  auto dumped = [](const std::string& s) { return json(s).dump(-1, ' ', false, json::error_handler_t::replace); };
  auto written = [](const std::string& s) {
    sg::report::JsonText out("\n");
    out.string(s);
    return out.text();
  };
  for (int b = 0; b < 0x80; ++b) {
    const std::string alone(1, static_cast<char>(b));
    EXPECT_EQ(written(alone), dumped(alone)) << "byte " << b;
    const std::string inside = "column \"a" + alone + "b\" of " + alone;
    EXPECT_EQ(written(inside), dumped(inside)) << "byte " << b;
  }
  for (const std::string& s : std::vector<std::string>{"", "plain", "\"\"", "a\\b\\", "line\r\nnext\x1f", "caf\xc3\xa9 \"x\"", "bad \xff \"q\"",
                              "\xe2\x80\xa6 \xf0\x9f\x98\x80\t", "overlong \xc0\xaf", "surrogate \xed\xa0\x80", "cut \xe2\x80",
                              std::string("nul \0 \"", 7)})
    EXPECT_EQ(written(s), dumped(s)) << s;
  // Escapes at every place in and across the eight-byte words the writer scans, and next to UTF-8.
  for (size_t at = 0; at < 26; ++at)
    for (const char* put : {"\"", "\\", "\x01", "\x1f", "\n", "\xc3\xa9", " "}) {
      std::string s(26, 'x');
      s.replace(at, 1, put);
      EXPECT_EQ(written(s), dumped(s)) << at;
      s[0] = '"';
      EXPECT_EQ(written(s), dumped(s)) << at;
    }
}

TEST(ReportersJson, FailedFollowsFailOn) {
  auto file = source("m.sql", "SELECT 1;\n");
  Report r = report_of({finding("r", Severity::Warning, "m", "", at(file, "SELECT"))});
  EXPECT_EQ(json::parse(render_json(r))["summary"]["failed"], false);
  r.fail_on = Severity::Warning;
  EXPECT_EQ(json::parse(render_json(r))["summary"]["failed"], true);
}

void collect_keys(const json& j, std::set<std::string>& keys) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      keys.insert(k);
      collect_keys(v, keys);
    }
  } else if (j.is_array()) {
    for (const json& v : j) collect_keys(v, keys);
  }
}

TEST(ReportersJson, EveryFieldIsDocumentedAndTheDocExampleHasTheSameShape) {
  std::string doc = test::read_file(test::source_dir() / "docs/json-format.md");
  ASSERT_FALSE(doc.empty()) << "docs/json-format.md is missing";
  Report r = add_column_report();
  auto schema = source("schema.prisma", "model Post {\n  slug String\n}\n");
  r.findings[0].related.push_back({at(schema, "slug String"), "declared here"});
  std::set<std::string> keys;
  collect_keys(json::parse(render_json(r)), keys);
  for (const std::string& k : keys) EXPECT_NE(doc.find("| `" + k + "` |"), std::string::npos) << "undocumented: " << k;

  size_t begin = doc.find("```json\n"), end = doc.find("\n```", begin + 8);
  ASSERT_NE(begin, std::string::npos);
  json example = json::parse(doc.substr(begin + 8, end - begin - 8));
  EXPECT_EQ(example["schema"], "schemagate/findings/1");
  std::set<std::string> example_keys;
  collect_keys(example, example_keys);
  EXPECT_EQ(example_keys, keys) << "the example in docs/json-format.md is out of date";
}

// --- sarif (structure; the Multitool run is in sarif_validation_test.cpp) ----------------------

TEST(ReportersSarif, RunToolRulesAndResult) {
  json log = json::parse(render_sarif(add_column_report()));
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_TRUE(log["$schema"].get<std::string>().ends_with("sarif-schema-2.1.0.json"));
  ASSERT_EQ(log["runs"].size(), 1u);
  const json& run = log["runs"][0];
  const json& driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"], "schemagate");
  EXPECT_EQ(driver["version"], "0.1.0");
  EXPECT_EQ(driver["semanticVersion"], "0.1.0");
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///repo/");

  ASSERT_EQ(driver["rules"].size(), 1u);
  const json& rule = driver["rules"][0];
  EXPECT_EQ(rule["id"], "add-required-column");
  EXPECT_EQ(rule["name"], "AddRequiredColumn");
  EXPECT_EQ(rule["shortDescription"]["text"], "Adding a required column without a default.");
  EXPECT_EQ(rule["helpUri"], "https://github.com/schemagate/schemagate/blob/main/docs/rules/add-required-column.md");
  EXPECT_NE(rule["help"]["markdown"].get<std::string>().find("`SET NOT NULL`"), std::string::npos);
  EXPECT_EQ(rule["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(rule["properties"]["tags"], json::array({"deploy-failure"}));

  const json& res = run["results"][0];
  EXPECT_EQ(res["ruleId"], "add-required-column");
  EXPECT_EQ(res["ruleIndex"], 0);
  EXPECT_EQ(res["level"], "error");
  EXPECT_TRUE(res["message"]["text"].get<std::string>().starts_with("Adding a NOT NULL column"));
  const json& phys = res["locations"][0]["physicalLocation"];
  EXPECT_EQ(phys["artifactLocation"]["uri"], kMigration);
  EXPECT_EQ(phys["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(phys["region"], json::parse(R"({"startLine":2,"startColumn":20,"endLine":2,"endColumn":51})"));
  EXPECT_EQ(res["partialFingerprints"]["schemagate/v1"], add_column_report().findings[0].fingerprint);
}

TEST(ReportersSarif, UnknownRulesAreDeclaredAndIndexed) {
  Report r = add_column_report();
  auto file = source("m.sql", "SELECT 1;\n");
  r.findings.push_back(finding("zz-undeclared", Severity::Info, "m", "", at(file, "SELECT")));
  json run = json::parse(render_sarif(r))["runs"][0];
  const json& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 2u);
  for (const json& res : run["results"]) {
    int index = res["ruleIndex"];
    EXPECT_EQ(rules[index]["id"], res["ruleId"]);
  }
  EXPECT_EQ(rules[1]["name"], "ZzUndeclared");
  EXPECT_EQ(rules[1]["defaultConfiguration"]["level"], "note");
}

TEST(ReportersSarif, OneWordRuleIdsGetNoNameEqualToTheirId) {
  auto file = source("m.sql", "TRUNCATE t;\n");
  Report r = report_of({finding("truncate", Severity::Error, "m", "", at(file, "TRUNCATE t;"))});
  json rule = json::parse(render_sarif(r))["runs"][0]["tool"]["driver"]["rules"][0];
  EXPECT_EQ(rule["id"], "truncate");
  EXPECT_FALSE(rule.contains("name")) << rule.dump();
}

TEST(ReportersSarif, RegionsNeverEmptyAndNeverEndAtColumnOneOfTheNextLine) {
  auto file = source("m.sql", "DROP TABLE a;\nDROP TABLE b;\n");
  Report r = report_of({finding("r", Severity::Warning, "m", "", make_location(file, Span{5, 5})),
                        finding("r", Severity::Warning, "m", "", at(file, "DROP TABLE a;\n"))});
  json results = json::parse(render_sarif(r))["runs"][0]["results"];
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["region"],
            json::parse(R"({"startLine":1,"startColumn":6,"endLine":1,"endColumn":7})"));
  EXPECT_EQ(results[1]["locations"][0]["physicalLocation"]["region"],
            json::parse(R"({"startLine":1,"startColumn":1,"endLine":1,"endColumn":14})"));
}

TEST(ReportersSarif, UrisAreEncodedRelativeOrAbsolute) {
  auto spaced = source("prisma/migrations/2024 init/migración.sql", "SELECT 1;\n");
  auto inside = source("/repo/prisma/m.sql", "SELECT 1;\n");
  auto outside = source("/elsewhere/m.sql", "SELECT 1;\n");
  Report r = report_of({finding("r", Severity::Warning, "m", "", at(spaced, "SELECT")),
                        finding("r", Severity::Warning, "m", "", at(inside, "SELECT")),
                        finding("r", Severity::Warning, "m", "", at(outside, "SELECT")),
                        finding("r", Severity::Error, "m", "", make_location("prisma/migrations"))});
  json results = json::parse(render_sarif(r))["runs"][0]["results"];
  auto artifact = [&](int i) { return results[i]["locations"][0]["physicalLocation"]["artifactLocation"]; };
  EXPECT_EQ(artifact(0)["uri"], "prisma/migrations/2024%20init/migraci%C3%B3n.sql");
  EXPECT_EQ(artifact(1)["uri"], "prisma/m.sql");
  EXPECT_EQ(artifact(1)["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(artifact(2)["uri"], "file:///elsewhere/m.sql");
  EXPECT_FALSE(artifact(2).contains("uriBaseId"));
  EXPECT_EQ(artifact(3)["uri"], "prisma/migrations");
  EXPECT_EQ(results[3]["locations"][0]["physicalLocation"]["region"], json::parse(R"({"startLine":1})"));
}

// --- github -------------------------------------------------------------------------------------

TEST(ReportersGithub, AnnotationWithPositionTitleAndHelp) {
  std::string out = render_github(add_column_report());
  std::string expected = "::error file=" + kMigration +
                         ",line=2,col=20,endLine=2,endColumn=50,title=add-required-column::Adding a NOT NULL column "
                         "without a default fails when \"Post\" has rows%0Ahelp: Add the column as nullable, "
                         "backfill it, then set NOT NULL\n"
                         "::notice title=schemagate::Found 1 error in 1 migration (1 statement).\n";
  EXPECT_EQ(out, expected);
}

TEST(ReportersGithub, EscapesDataAndProperties) {
  auto file = source("dir,with:odd%name.sql", "SELECT 1;\n");
  Report r = report_of({finding("r:x,y", Severity::Info, "100% sure\r\nreally", "use a:b, c", at(file, "SELECT"))});
  std::string out = render_github(r);
  EXPECT_TRUE(out.starts_with("::notice file=dir%2Cwith%3Aodd%25name.sql,line=1,col=1,endLine=1,endColumn=6,"
                              "title=r%3Ax%2Cy::100%25 sure%0D%0Areally%0Ahelp: use a:b, c\n"))
      << out;
}

TEST(ReportersGithub, MultiLineSpansAndFindingsWithoutFile) {
  auto file = source("m.sql", "UPDATE t\nSET a = 1;\n");
  Report r = report_of({finding("r", Severity::Warning, "m", "", at(file, "UPDATE t\nSET a = 1;")),
                        finding("s", Severity::Error, "gone", "", make_location("prisma/migrations"))});
  std::string out = render_github(r);
  EXPECT_NE(out.find("::warning file=m.sql,line=1,endLine=2,title=r::m\n"), std::string::npos) << out;
  EXPECT_NE(out.find("::error title=s::prisma/migrations: gone\n"), std::string::npos) << out;
}

// --- every format -------------------------------------------------------------------------------

TEST(ReportersDeterminism, SameReportSameBytes) {
  Report r = add_column_report();
  auto file = source("m.sql", "SELECT 'ü';\n");
  r.findings.push_back(finding("other", Severity::Info, "m", "h", at(file, "'ü'")));
  EXPECT_EQ(render_text(r, {.color = true}), render_text(r, {.color = true}));
  EXPECT_EQ(render_json(r), render_json(r));
  EXPECT_EQ(render_sarif(r), render_sarif(r));
  EXPECT_EQ(render_github(r), render_github(r));
}

}  // namespace
}  // namespace sg::report
