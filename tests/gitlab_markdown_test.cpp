// `--format gitlab` (GitLab Code Quality) and `--format markdown` (PR comment / job summary): the fields GitLab
// documents, unique fingerprints, and Markdown that a real renderer turns into HTML holding every finding.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "integrations_support.hpp"
#include "reporters/extra_formats.hpp"
#include "support/test_support.hpp"

namespace sg::test {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::json;
using integrations::run_program;

// Two identical statements in one file: their findings share the statement fingerprint.
report::Report duplicate_statements_report() {
  auto file = std::make_shared<const SourceFile>(
      "prisma/migrations/20240101000000_x/migration.sql",
      "ALTER TABLE \"Post\" DROP COLUMN \"a\";\nALTER TABLE \"Post\" DROP COLUMN \"a\";\n");
  report::Report r;
  r.command = "lint";
  r.migrations = 1;
  r.statements = 2;
  r.working_directory = "/repo";
  r.rules.push_back({.id = "drop-column", .summary = "drops a column", .category = "data-loss",
                     .default_severity = Severity::Error});
  r.rules.push_back({.id = "lock-warn", .summary = "locks", .category = "locking",
                     .default_severity = Severity::Warning});
  for (uint32_t offset : {0u, 36u}) {  // each statement is 35 bytes and a newline
    Finding f;
    f.rule = "drop-column";
    f.severity = Severity::Error;
    f.message = "Dropping column \"a\" loses its data";
    f.help = "Stop reading the column first, then drop it in a later release.";
    f.migration = "20240101000000_x";
    f.location = make_location(file, Span{offset, offset + 35});
    f.locks.push_back({.table = "\"Post\"", .mode = "ACCESS EXCLUSIVE"});
    finalize_fingerprint(f);
    r.findings.push_back(f);
  }
  Finding warn;
  warn.rule = "lock-warn";
  warn.severity = Severity::Warning;
  warn.message = "Takes a lock";
  warn.location = make_location(file, Span{0, 11});
  warn.migration = "20240101000000_x";
  r.findings.push_back(warn);
  Finding folder;
  folder.rule = "missing-migration-file";
  folder.severity = Severity::Info;
  folder.message = "The folder has no migration.sql";
  folder.location = make_location("/repo/prisma/migrations/20240102000000_empty");
  r.findings.push_back(folder);
  return r;
}

void expect_gitlab_issue_shape(const Json& issue) {
  static const std::set<std::string> kSeverities{"info", "minor", "major", "critical", "blocker"};
  ASSERT_TRUE(issue.is_object());
  EXPECT_TRUE(issue["description"].is_string() && !issue["description"].get<std::string>().empty()) << issue;
  EXPECT_TRUE(issue["check_name"].is_string() && !issue["check_name"].get<std::string>().empty()) << issue;
  EXPECT_TRUE(issue["fingerprint"].is_string() && !issue["fingerprint"].get<std::string>().empty()) << issue;
  ASSERT_TRUE(issue["severity"].is_string()) << issue;
  EXPECT_TRUE(kSeverities.count(issue["severity"].get<std::string>())) << issue["severity"];
  const Json& loc = issue["location"];
  ASSERT_TRUE(loc["path"].is_string()) << issue;
  EXPECT_NE(loc["path"].get<std::string>().front(), '/') << "GitLab needs a repository-relative path";
  ASSERT_TRUE(loc["lines"]["begin"].is_number_integer()) << issue;
  EXPECT_GE(loc["lines"]["begin"].get<int>(), 1);
  if (loc.contains("positions")) {
    EXPECT_EQ(loc["positions"]["begin"]["line"], loc["lines"]["begin"]);
    EXPECT_GE(loc["positions"]["begin"]["column"].get<int>(), 1);
    EXPECT_GE(loc["positions"]["end"]["line"].get<int>(), loc["positions"]["begin"]["line"].get<int>());
  }
}

TEST(GitlabReport, HasGitlabsFieldsAndUniqueFingerprints) {
  report::Report r = duplicate_statements_report();
  ASSERT_EQ(r.findings[0].fingerprint, r.findings[1].fingerprint) << "the fixture must share a fingerprint";
  Json issues = Json::parse(report::render_gitlab(r));
  ASSERT_TRUE(issues.is_array());
  ASSERT_EQ(issues.size(), r.findings.size());
  std::set<std::string> fingerprints;
  for (const auto& issue : issues) {
    expect_gitlab_issue_shape(issue);
    fingerprints.insert(issue["fingerprint"].get<std::string>());
  }
  EXPECT_EQ(fingerprints.size(), issues.size()) << issues.dump(2);
  // Stable: the same report gives the same fingerprints (GitLab compares them across pipelines).
  EXPECT_EQ(Json::parse(report::render_gitlab(r)), issues);

  EXPECT_EQ(issues[0]["severity"], "blocker");  // error, data-loss
  EXPECT_EQ(issues[2]["severity"], "major");    // warning, locking
  EXPECT_EQ(issues[3]["severity"], "info");
  EXPECT_EQ(issues[0]["location"]["lines"]["begin"], 1);
  EXPECT_EQ(issues[1]["location"]["lines"]["begin"], 2);
  EXPECT_EQ(issues[1]["location"]["positions"]["end"]["column"], 35);  // the last character, not one past it
  EXPECT_NE(issues[0]["content"]["body"].get<std::string>().find("ACCESS EXCLUSIVE"), std::string::npos);
  EXPECT_EQ(issues[3]["location"]["path"], "prisma/migrations/20240102000000_empty");
}

TEST(GitlabReport, CliOutputMatchesTheJsonReportOnTheDemo) {
  fs::path demo = fixtures_dir() / "demo";
  RunResult gitlab = run_cli({"lint", "--format", "gitlab", "--fail-on", "never"}, demo);
  ASSERT_EQ(gitlab.exit_code, 0) << gitlab.err;
  RunResult json = run_cli({"lint", "--format", "json", "--fail-on", "never"}, demo);
  Json issues = Json::parse(gitlab.out, nullptr, false);
  Json doc = Json::parse(json.out, nullptr, false);
  ASSERT_FALSE(issues.is_discarded()) << gitlab.out;
  ASSERT_FALSE(doc.is_discarded()) << json.out;
  ASSERT_EQ(issues.size(), doc["findings"].size());
  ASSERT_FALSE(issues.empty()) << "the demo should have findings";
  std::set<std::string> fingerprints;
  for (size_t i = 0; i < issues.size(); ++i) {
    expect_gitlab_issue_shape(issues[i]);
    fingerprints.insert(issues[i]["fingerprint"].get<std::string>());
    EXPECT_EQ(issues[i]["check_name"], doc["findings"][i]["rule"]);
    EXPECT_EQ(issues[i]["description"], doc["findings"][i]["message"]);
    EXPECT_TRUE(fs::exists(demo / issues[i]["location"]["path"].get<std::string>())) << issues[i]["location"];
    if (doc["findings"][i]["location"]["start"].is_object()) {
      EXPECT_EQ(issues[i]["location"]["lines"]["begin"], doc["findings"][i]["location"]["start"]["line"]);
    }
  }
  EXPECT_EQ(fingerprints.size(), issues.size());
}

using integrations::visible_text;

std::string render_html(const std::string& markdown, std::string* renderer) {
  return integrations::render_markdown_html(markdown, renderer);
}

// Messages quote SQL between backticks, which Markdown shows as code without them.
std::string without_backticks(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '`'), s.end());
  return s;
}

TEST(MarkdownReport, RendersWithEveryFindingOnTheDemo) {
  fs::path demo = fixtures_dir() / "demo";
  RunResult md = run_cli({"lint", "--format", "markdown"}, demo);
  EXPECT_EQ(md.exit_code, 1) << "the demo has errors, so the markdown run fails like any other format";
  RunResult json = run_cli({"lint", "--format", "json", "--fail-on", "never"}, demo);
  Json doc = Json::parse(json.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  ASSERT_FALSE(doc["findings"].empty());

  std::string renderer;
  std::string html = render_html(md.out, &renderer);
  if (renderer.empty())
    GTEST_SKIP() << "*** neither cmark-gfm nor cmark is installed (Debian packages cmark-gfm, cmark): the Markdown "
                    "was not rendered ***";
  ASSERT_FALSE(html.empty()) << renderer << " printed nothing";
  std::string text = without_backticks(visible_text(html));
  if (renderer == "cmark-gfm") {
    EXPECT_NE(html.find("<table>"), std::string::npos) << html;
    // The error row holds the error count (cmark-gfm writes the column alignment into the cell's tag).
    size_t row = html.find("<strong>error</strong>");
    ASSERT_NE(row, std::string::npos) << html;
    std::string error_row = html.substr(row, html.find("</tr>", row) - row);
    std::string errors = std::to_string(doc["summary"]["by_severity"]["error"].get<int>());
    EXPECT_NE(error_row.find(">" + errors + "</td>"), std::string::npos) << error_row;
  }
  EXPECT_NE(html.find("<h2>"), std::string::npos);
  for (const auto& f : doc["findings"]) {
    EXPECT_NE(text.find(f["rule"].get<std::string>()), std::string::npos) << f["rule"];
    EXPECT_NE(text.find(without_backticks(f["message"])), std::string::npos) << f["message"] << "\n" << text;
    if (f["migration"].is_string()) { EXPECT_NE(text.find(f["migration"].get<std::string>()), std::string::npos); }
    std::string help = without_backticks(f["help"]);
    if (!help.empty()) { EXPECT_NE(text.find(help.substr(0, help.find('\n'))), std::string::npos) << help; }
    for (const auto& lock : f["locks"]) EXPECT_NE(text.find(lock["mode"].get<std::string>()), std::string::npos);
    if (f["location"]["start"].is_object()) {
      EXPECT_NE(text.find("line " + std::to_string(f["location"]["start"]["line"].get<int>())), std::string::npos);
    }
  }
}

TEST(MarkdownReport, EscapesWhatFindingsCarry) {
  auto file = std::make_shared<const SourceFile>("prisma/migrations/1_x/migration.sql", "SELECT 1;\n");
  report::Report r;
  r.command = "lint";
  Finding f;
  f.rule = "weird";
  f.severity = Severity::Warning;
  f.message = "Column <script>alert(1)</script> | [click](http://evil.example) *bold* _under_ a ` lone tick";
  f.help = "- not a list\n1. not a list either\n# not a heading\nStart with `SET lock_timeout = '5s';`";
  f.migration = "1_x";
  f.location = make_location(file, Span{0, 6});
  r.findings.push_back(f);
  std::string md = report::render_markdown(r);
  std::string renderer;
  std::string html = render_html(md, &renderer);
  if (renderer.empty()) GTEST_SKIP() << "*** neither cmark-gfm nor cmark is installed: Markdown not rendered ***";
  EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
  EXPECT_EQ(html.find("href=\"http://evil"), std::string::npos) << html;
  EXPECT_EQ(html.find("<strong>bold"), std::string::npos) << html;
  EXPECT_EQ(html.find("<h1>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<ol"), std::string::npos) << html;
  EXPECT_EQ(html.find("<em>under"), std::string::npos) << html;
  // A backtick pair in the text is meant as code (messages quote SQL that way), and stays code.
  EXPECT_NE(html.find("<code>SET lock_timeout = '5s';</code>"), std::string::npos) << html;
  std::string text = visible_text(html);
  EXPECT_NE(text.find(f.message), std::string::npos) << text;
  EXPECT_NE(text.find("- not a list"), std::string::npos) << text;
  EXPECT_NE(text.find("1. not a list either"), std::string::npos) << text;
}

TEST(MarkdownReport, SaysWhenThereIsNothingToReport) {
  report::Report r;
  r.command = "lint";
  r.migrations = 3;
  r.statements = 9;
  std::string md = report::render_markdown(r);
  EXPECT_NE(md.find("passed"), std::string::npos) << md;
  EXPECT_NE(md.find("No findings in 3 migrations"), std::string::npos) << md;
  EXPECT_EQ(md.find("### "), std::string::npos) << "no finding sections when there are no findings";
}

}  // namespace
}  // namespace sg::test
