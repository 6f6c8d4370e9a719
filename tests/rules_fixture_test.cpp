// Every folder fixtures/rules/<rule-id>/ is a small migration history. A `-- expect: <rule-id>` comment says
// that the statement after it must get exactly one finding of that rule; every other statement must get none.
// Each rule folder also carries cases that must not fire (new tables, suppressions, safe variants).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "analyzer/history/history.hpp"
#include "rules/lint.hpp"
#include "rules/rule.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace sg;

namespace {

struct Expectation {
  std::string file;
  Span statement;
  std::string rule;
};

std::vector<Expectation> expectations(const MigrationHistory& h) {
  std::vector<Expectation> out;
  static const std::regex kExpect(R"(^\s*expect:\s*([a-z0-9-]+)\s*$)");
  for (const auto& m : h.migrations) {
    for (const auto& c : m.parsed.comments) {
      std::smatch sm;
      if (!std::regex_match(c.text, sm, kExpect)) continue;
      for (const auto& st : m.parsed.statements) {
        if (st.span.begin < c.span.end) continue;
        out.push_back({m.file->path(), st.span, sm[1]});
        break;
      }
    }
  }
  return out;
}

class RuleFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleFixture, FindingsMatchExpectComments) {
  const std::string rule = GetParam();
  ASSERT_NE(rules::find_rule(rule), nullptr) << "fixture folder for unknown rule " << rule;
  MigrationHistory h = load_history(test::fixtures_dir() / "rules" / rule);
  parse_history(h);
  rules::LintOptions opts;
  for (const auto& r : rules::all_rules()) opts.enabled.emplace(r.id);
  auto result = rules::lint_history(h, opts);

  auto expected = expectations(h);
  ASSERT_FALSE(expected.empty()) << "fixture for " << rule << " has no `-- expect:` case";
  for (const auto& e : expected) {
    int hits = 0;
    for (const auto& f : result.findings)
      if (f.rule == e.rule && f.location.path == e.file && f.location.span.begin >= e.statement.begin &&
          f.location.span.begin < e.statement.end)
        ++hits;
    EXPECT_EQ(hits, 1) << e.rule << " expected once in " << e.file << " at byte " << e.statement.begin;
  }
  for (const auto& f : result.findings) {
    if (f.rule != rule) continue;
    bool wanted = false;
    for (const auto& e : expected)
      wanted = wanted || (e.rule == f.rule && f.location.path == e.file && f.location.span.begin >= e.statement.begin &&
                          f.location.span.begin < e.statement.end);
    EXPECT_TRUE(wanted) << "unexpected " << f.rule << " at " << f.location.path << ":" << f.location.range.start.line
                        << ": " << f.message;
    EXPECT_FALSE(f.help.empty());
    EXPECT_FALSE(f.fingerprint.empty());
    EXPECT_GT(f.location.range.start.line, 0u);
  }
  for (const auto& f : result.findings)
    EXPECT_NE(f.rule, "unused-ignore") << f.location.path << ":" << f.location.range.start.line << " " << f.message;
}

std::vector<std::string> fixture_rules() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(test::fixtures_dir() / "rules"))
    if (e.is_directory()) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

INSTANTIATE_TEST_SUITE_P(Rules, RuleFixture, ::testing::ValuesIn(fixture_rules()),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n) if (c == '-') c = '_';
                           return n;
                         });

TEST(Rules, EveryRuleHasAFixtureAndADoc) {
  auto fixtures = fixture_rules();
  for (const auto& r : rules::all_rules()) {
    std::string id(r.id);
    EXPECT_NE(std::find(fixtures.begin(), fixtures.end(), id), fixtures.end()) << "no fixtures/rules/" << id;
    EXPECT_TRUE(fs::exists(test::source_dir() / "docs" / "rules" / (id + ".md"))) << "no docs/rules/" << id << ".md";
    EXPECT_TRUE(std::regex_match(id, std::regex("[a-z0-9]+(-[a-z0-9]+)*"))) << id << " is not kebab-case";
  }
}

TEST(Rules, SuppressionThatMatchesNothingIsReported) {
  test::TempDir dir;
  test::write_file(dir.path() / "20240101000000_a" / "migration.sql",
                   "CREATE TABLE \"T\" (\"id\" INTEGER);\n-- schemagate-ignore drop-table: not needed\nSELECT 1;\n");
  MigrationHistory h = load_history(dir.path());
  parse_history(h);
  rules::LintOptions opts;
  opts.enabled = rules::default_enabled_rules();
  auto result = rules::lint_history(h, opts);
  int unused = 0;
  for (const auto& f : result.findings) unused += f.rule == "unused-ignore";
  EXPECT_EQ(unused, 1);
}

TEST(Rules, OnlyMigrationsLimitsReportsButReplaysEverything) {
  MigrationHistory h = load_history(test::fixtures_dir() / "rules" / "drop-table");
  parse_history(h);
  rules::LintOptions opts;
  opts.enabled = rules::default_enabled_rules();
  opts.only_migrations = std::set<std::string>{"20240103000000_suppressed"};
  auto result = rules::lint_history(h, opts);
  for (const auto& f : result.findings) EXPECT_EQ(f.migration, "20240103000000_suppressed") << f.rule;
  // The replay still ran the whole history: "Old" was dropped by the migration we did not report on.
  EXPECT_EQ(result.final_catalog.table("public", "Old"), nullptr);
  EXPECT_EQ(result.final_catalog.table("public", "Keep"), nullptr);
}

}  // namespace
