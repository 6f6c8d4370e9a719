// A FindingSpool, fed findings in the order lint finds them, writes exactly what rendering the sorted findings
// at once writes, in every format it can stream; and lint over a history whose texts are let go after loading
// reports what lint over a loaded history reports.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzer/history/history.hpp"
#include "reporters/finding_spool.hpp"
#include "reporters/report.hpp"
#include "support/test_support.hpp"

namespace sg::report {
namespace {

SourcePtr source(std::string path, std::string text) {
  return std::make_shared<const SourceFile>(std::move(path), std::move(text));
}

Finding finding(std::string rule, Severity s, const SourcePtr& file, std::string_view needle, std::string message) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = s;
  f.message = std::move(message);
  f.help = "do it the safe way";
  size_t pos = file->text().find(needle);
  f.location = make_location(file, Span{static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + needle.size())});
  finalize_fingerprint(f);
  return f;
}

// Findings in the order lint produces them: by file as replayed (not path order: "a-b" sorts before "a/"),
// several on one line, the same rule twice at one position, one without a file, one of a rule nobody described.
std::vector<Finding> unsorted_findings() {
  auto a = source("m/20240101_a/migration.sql", "ALTER TABLE \"T\" ADD COLUMN \"c\" INT NOT NULL;\nDROP TABLE \"U\";\n");
  auto ab = source("m/20240101_a-b/migration.sql", "CREATE INDEX \"i\" ON \"T\"(\"c\");\n");
  std::vector<Finding> out;
  out.push_back(finding("drop-table", Severity::Error, a, "DROP TABLE", "drops U"));
  out.push_back(finding("add-required-column", Severity::Error, a, "ADD COLUMN", "needs a default"));
  out.push_back(finding("add-required-column", Severity::Warning, a, "ADD COLUMN", "second at the same place"));
  out.push_back(finding("zz-undeclared", Severity::Info, a, "ALTER TABLE", "a rule without a descriptor"));
  out.push_back(finding("create-index-not-concurrently", Severity::Warning, ab, "CREATE INDEX", "locks writes"));
  Finding folder;
  folder.rule = "stray-file";
  folder.severity = Severity::Warning;
  folder.message = "not part of any migration";
  folder.location = make_location("m/notes.txt");
  out.push_back(folder);
  return out;
}

Report facts() {
  Report r;
  r.tool_version = "0.1.0";
  r.command = "lint";
  r.migrations = 2;
  r.statements = 3;
  r.files = 2;
  r.working_directory = "/repo";
  for (const char* id : {"drop-table", "add-required-column", "create-index-not-concurrently", "stray-file"}) {
    RuleDescriptor d;
    d.id = id;
    d.summary = std::string("summary of ") + id;
    d.category = "risk";
    r.rules.push_back(d);
  }
  return r;
}

// One by one, or (`one_batch`) all at once as lint hands over a file's findings.
std::string spooled(std::string_view format, const std::vector<Finding>& findings, Severity fail_on,
                    bool one_batch = false) {
  Report r = facts();
  r.fail_on = fail_on;
  FindingSpool spool(format_writer(format, r, {.color = true}));
  if (one_batch) {
    std::vector<Finding> batch = findings;
    spool.add_all(batch);
  } else {
    for (const Finding& f : findings) spool.add(f);
  }
  std::FILE* out = std::tmpfile();
  EXPECT_TRUE(spool.write(r, out));
  std::string text(static_cast<size_t>(std::ftell(out)), '\0');
  std::rewind(out);
  EXPECT_EQ(std::fread(text.data(), 1, text.size(), out), text.size());
  std::fclose(out);
  return text;
}

std::string rendered(std::string_view format, std::vector<Finding> findings, Severity fail_on) {
  Report r = facts();
  r.fail_on = fail_on;
  sort_findings(findings);
  r.findings = std::move(findings);
  if (format == "json") return render_json(r);
  if (format == "sarif") return render_sarif(r);
  if (format == "github") return render_github(r);
  return render_text(r, {.color = true});
}

TEST(FindingSpool, WritesWhatRenderingTheSortedFindingsWrites) {
  for (std::string_view format : {"text", "json", "sarif", "github"}) {
    for (Severity fail_on : {Severity::Error, Severity::Info}) {
      std::string want = rendered(format, unsorted_findings(), fail_on);
      EXPECT_EQ(spooled(format, unsorted_findings(), fail_on), want) << format;
      EXPECT_EQ(spooled(format, {}, fail_on), rendered(format, {}, fail_on)) << format << " without findings";
    }
  }
}

// Thousands of findings of about a kilobyte each make a temporary file of several read windows, read back
// forwards in one file, backwards in another (added last line first), and scattered in a third. Half have no
// fingerprint yet: the writer works it out as lint's collected result would. The JSON report gets them as one
// batch, more than the spool lets wait for its renderer: the batch must wait for room without stalling it.
TEST(FindingSpool, ReadsBackPiecesBeyondItsWindowInAnyOrder) {
  auto numbered = [](std::string path, int lines) {
    std::string text;
    for (int i = 0; i < lines; ++i) text += "SELECT " + std::to_string(i) + ";\n";
    return source(std::move(path), std::move(text));
  };
  auto forwards = numbered("m/20240101_a/migration.sql", 1500);
  auto backwards = numbered("m/20240102_b/migration.sql", 1500);
  auto scattered = numbered("m/20240103_c/migration.sql", 997);
  auto add = [](std::vector<Finding>& out, const SourcePtr& file, int line) {
    Finding f = finding("drop-table", Severity::Warning, file, "SELECT " + std::to_string(line) + ";",
                        "statement " + std::to_string(line) + " " + std::string(1000, 'x'));
    if (line % 2) f.fingerprint.clear();
    out.push_back(std::move(f));
  };
  std::vector<Finding> findings;
  for (int i = 0; i < 1500; ++i) add(findings, forwards, i);
  for (int i = 1499; i >= 0; --i) add(findings, backwards, i);
  for (int i = 0; i < 997; ++i) add(findings, scattered, (i * 331) % 997);
  for (std::string_view format : {"json", "text"}) {
    const std::string got = spooled(format, findings, Severity::Error, format == "json");
    EXPECT_GT(got.size(), 4u << 20) << format;
    EXPECT_TRUE(got == rendered(format, findings, Severity::Error)) << format;
  }
}

TEST(FindingSpool, OrderIsPathThenPositionThenRuleThenArrival) {
  nlohmann::json doc = nlohmann::json::parse(spooled("json", unsorted_findings(), Severity::Error));
  std::vector<std::string> order;
  for (const auto& f : doc["findings"]) order.push_back(f["rule"].get<std::string>() + " " + f["message"].get<std::string>());
  // "m/20240101_a-b/..." sorts before "m/20240101_a/..." ('-' < '/'); on a line, by column, then rule, then
  // the order they came in; the folder-level finding's path sorts last.
  std::vector<std::string> want = {"create-index-not-concurrently locks writes",
                                   "zz-undeclared a rule without a descriptor",
                                   "add-required-column needs a default",
                                   "add-required-column second at the same place",
                                   "drop-table drops U",
                                   "stray-file not part of any migration"};
  EXPECT_EQ(order, want);
  EXPECT_EQ(doc["summary"]["findings"], 6);
  EXPECT_EQ(doc["summary"]["by_severity"]["error"], 2);
  EXPECT_EQ(doc["summary"]["failed"], true);
}

TEST(FindingSpool, SarifIndexesARuleOnlyAFindingNamed) {
  nlohmann::json run = nlohmann::json::parse(spooled("sarif", unsorted_findings(), Severity::Error))["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 5u);
  for (const auto& res : run["results"]) EXPECT_EQ(rules[res["ruleIndex"].get<int>()]["id"], res["ruleId"]);
}

}  // namespace
}  // namespace sg::report

namespace sg {
namespace {

namespace fs = std::filesystem;

TEST(UnloadedHistory, LetsTextsGoAndReadsThemBackUnlessTheyChanged) {
  test::TempDir dir;
  fs::path root = dir.path() / "migrations";
  test::write_file(root / "20240101000000_init/migration.sql", "CREATE TABLE \"T\" (\"id\" INT);\n");
  test::write_file(root / "20240102000000_empty/migration.sql", "-- nothing to run\n");
  test::write_file(root / "20240103000000_bad/migration.sql", std::string("SELECT 1;\0", 10));
  MigrationHistory loaded = load_history(root);
  MigrationHistory h = load_history(root, kKeepNoText);
  ASSERT_EQ(h.migrations.size(), 3u);
  EXPECT_EQ(h.findings.size(), loaded.findings.size());  // the NUL byte is found either way
  const Migration& init = h.migrations[0];
  EXPECT_TRUE(init.readable && init.text_unloaded && !init.file);
  EXPECT_EQ(init.size, loaded.migrations[0].file->size());
  EXPECT_TRUE(h.migrations[1].file) << "an empty migration keeps its text for the empty-migration check";
  EXPECT_FALSE(h.migrations[2].readable);

  Migration again = h.migrations[0];
  ASSERT_TRUE(load_text(again));
  EXPECT_EQ(again.file->text(), loaded.migrations[0].file->text());
  EXPECT_EQ(again.file->path(), loaded.migrations[0].file->path());

  test::write_file(root / "20240101000000_init/migration.sql", "DROP TABLE \"T\";\n");
  Migration changed = h.migrations[0];
  EXPECT_FALSE(load_text(changed));
  ASSERT_TRUE(changed.file);
  EXPECT_TRUE(changed.file->text().empty());
}

}  // namespace
}  // namespace sg
