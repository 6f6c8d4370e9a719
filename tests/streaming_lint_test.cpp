// Lint that parses each file just ahead of the replay and frees it afterwards reports exactly what lint over a
// fully parsed history reports, syntax errors included, and leaves no file's statements in memory.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analyzer/history/history.hpp"
#include "analyzer/history/parse_ahead.hpp"
#include "rules/lint.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using sg::test::write_file;

std::vector<std::string> described(const std::vector<sg::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings)
    out.push_back(f.rule + " " + f.location.path + ":" + std::to_string(f.location.range.start.line) + ":" +
                  std::to_string(f.location.range.start.column) + " " + f.message);
  return out;
}

// Both ways of linting the history at `root`; the streamed one must leave every file unparsed.
void expect_same_lint(const fs::path& root) {
  sg::rules::LintOptions opts;
  opts.enabled = sg::rules::default_enabled_rules();
  sg::MigrationHistory parsed = sg::load_history(root);
  sg::parse_history(parsed);
  sg::rules::LintResult want = sg::rules::lint_history(parsed, opts);

  sg::MigrationHistory streamed = sg::load_history(root);
  sg::rules::LintResult got = sg::rules::lint_unparsed_history(streamed, opts);
  EXPECT_EQ(described(got.findings), described(want.findings)) << root;
  EXPECT_EQ(got.statements, want.statements);
  EXPECT_GT(got.statements, 0u);
  for (const auto& m : streamed.migrations) EXPECT_TRUE(m.parsed.statements.empty()) << m.name << " kept its IR";

  // The same with texts let go after loading and read again just ahead of the replay (what `lint` does when
  // it streams its report): nothing is held afterwards but the texts of empty migrations.
  sg::MigrationHistory unloaded = sg::load_history(root, sg::kKeepNoText);
  sg::rules::LintResult again = sg::rules::lint_unparsed_history(unloaded, opts);
  EXPECT_EQ(described(again.findings), described(want.findings)) << root;
  EXPECT_EQ(again.statements, want.statements);
  for (const auto& m : unloaded.migrations)
    if (m.text_unloaded) EXPECT_FALSE(m.file) << m.name << " kept its text";
}

TEST(StreamingLint, SameFindingsAsAParsedHistory) {
  sg::test::TempDir dir;
  fs::path root = dir.path() / "migrations";
  write_file(root / "migration_lock.toml", "provider = \"postgresql\"\n");
  write_file(root / "20240101000000_init/migration.sql",
             "CREATE TABLE \"User\" (\"id\" SERIAL PRIMARY KEY, \"email\" TEXT);\n"
             "CREATE TABLE \"Post\" (\"id\" SERIAL PRIMARY KEY, \"userId\" INTEGER);\n");
  write_file(root / "20240102000000_broken/migration.sql", "ALTER TABLE \"User\" ADD COLUMN;\nSELECT 1;\n");
  write_file(root / "20240103000000_index/migration.sql", "CREATE INDEX \"Post_userId_idx\" ON \"Post\"(\"userId\");\n");
  write_file(root / "20240104000000_unreadable/migration.sql", std::string("SELECT 1;\0\xff", 12));
  for (int i = 0; i < 40; ++i)  // more files than the parse-ahead window
    write_file(root / ("2024020100" + std::string(i < 10 ? "0" : "") + std::to_string(i) + "00_step/migration.sql"),
               "ALTER TABLE \"User\" ADD COLUMN \"c" + std::to_string(i) + "\" TEXT NOT NULL;\n"
               "-- schemagate-ignore drop-column\nALTER TABLE \"Post\" DROP COLUMN IF EXISTS \"x" + std::to_string(i) + "\";\n");
  write_file(root / "20240301000000_drop/migration.sql", "DROP TABLE \"Post\";\n");
  expect_same_lint(root);
}

TEST(StreamingLint, SameFindingsOnEveryCorpus) {
  SG_REQUIRE_SHARED();
  for (const auto& corpus : sg::test::corpora()) expect_same_lint(sg::test::shared_dir() / "corpus" / corpus / "migrations");
}

// The window bounds how far parsing runs ahead, and a released file's IR is gone while later ones wait.
TEST(StreamingLint, ParseAheadReleasesInOrder) {
  sg::test::TempDir dir;
  fs::path root = dir.path() / "m";
  for (int i = 0; i < 12; ++i)
    write_file(root / ("202401010000" + std::string(i < 10 ? "0" : "") + std::to_string(i) + "_m/migration.sql"),
               "CREATE TABLE t" + std::to_string(i) + " (id int);\n");
  sg::MigrationHistory h = sg::load_history(root);
  ASSERT_EQ(h.migrations.size(), 12u);
  sg::ParseAhead ahead(h, 2, 3);
  for (size_t i = 0; i < h.migrations.size(); ++i) {
    ahead.wait(i);
    ASSERT_EQ(h.migrations[i].parsed.statements.size(), 1u) << i;
    // Never more than the window beyond the file being consumed.
    for (size_t j = i + 3; j < h.migrations.size(); ++j) EXPECT_TRUE(h.migrations[j].parsed.statements.empty()) << j;
    ahead.release(i);
    EXPECT_TRUE(h.migrations[i].parsed.statements.empty());
  }
}

}  // namespace
