// Lint that parses each file just ahead of the replay and frees it afterwards reports exactly what lint over a
// fully parsed history reports, syntax errors included, and leaves no file's statements in memory.
#include <gtest/gtest.h>

#include <set>
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

// Every file parsed and linted part after part, a part per chunk of the parser.
sg::rules::LintOptions in_parts_of_one_chunk(sg::rules::LintOptions opts) {
  opts.streamed_file_bytes = 0;
  opts.part_bytes = 1;
  return opts;
}

// A history folder with its lock file.
fs::path new_history(const sg::test::TempDir& dir) {
  fs::path root = dir.path() / "migrations";
  write_file(root / "migration_lock.toml", "provider = \"postgresql\"\n");
  return root;
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

  // The same with every file parsed and linted part after part (a part per chunk of the parser), its text
  // let go too.
  sg::MigrationHistory parted = sg::load_history(root, sg::kKeepNoText);
  sg::rules::LintResult by_parts = sg::rules::lint_unparsed_history(parted, in_parts_of_one_chunk(opts));
  EXPECT_EQ(described(by_parts.findings), described(want.findings)) << root;
  EXPECT_EQ(by_parts.statements, want.statements);
  for (const auto& m : parted.migrations) EXPECT_TRUE(m.parsed.statements.empty()) << m.name << " kept its IR";
}

// A file of many parts whose rules look across them: a foreign key whose index comes parts later, a table whose
// primary key is added later, enum values used after they are added, a BEGIN never committed, a ROLLBACK that
// makes the replay go over the file again, suppressions and Prisma's warnings, a syntax error in another file.
TEST(StreamingLint, FileInPartsSameFindingsAsWhole) {
  sg::test::TempDir dir;
  const fs::path root = new_history(dir);
  write_file(root / "20240101000000_init/migration.sql",
             "CREATE TABLE \"User\" (\"id\" SERIAL PRIMARY KEY, \"email\" TEXT);\n"
             "CREATE TYPE \"Role\" AS ENUM ('A', 'B');\n");
  std::string big = "/*\n  Warnings:\n\n  - The column `email` on the `User` table would be dropped.\n*/\n";
  big += "ALTER TABLE \"User\" ADD COLUMN \"note\" TEXT NOT NULL;\n";
  big += "CREATE TABLE \"Lonely\" (\"id\" INTEGER);\n";
  big += "ALTER TYPE \"Role\" ADD VALUE 'C';\n";
  for (int i = 0; i < 3000; ++i) {
    const std::string t = "\"T" + std::to_string(i) + "\"";
    big += "CREATE TABLE " + t + " (\"id\" SERIAL NOT NULL, \"userId\" INTEGER, \"role\" \"Role\" DEFAULT 'A', "
           "\"payload\" TEXT, CONSTRAINT \"T" + std::to_string(i) + "_pkey\" PRIMARY KEY (\"id\"));\n";
    big += "ALTER TABLE " + t + " ADD CONSTRAINT \"T" + std::to_string(i) + "_userId_fkey\" FOREIGN KEY (\"userId\") "
           "REFERENCES \"User\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE;\n";
    if (i == 1500) big += "-- schemagate-ignore drop-column: cleanup\nALTER TABLE \"User\" DROP COLUMN \"email\";\n";
    if (i == 2000) big += "UPDATE " + t + " SET \"role\" = 'C';\n";
  }
  for (int i = 0; i < 3000; i += 2)
    big += "CREATE INDEX \"T" + std::to_string(i) + "_userId_idx\" ON \"T" + std::to_string(i) + "\"(\"userId\");\n";
  big += "ALTER TABLE \"Lonely\" ADD CONSTRAINT \"Lonely_pkey\" PRIMARY KEY (\"id\");\n";
  big += "BEGIN;\nCREATE TABLE \"Gone\" (\"id\" INTEGER PRIMARY KEY);\nROLLBACK;\n";
  big += "BEGIN;\nCREATE INDEX \"User_note_idx\" ON \"User\"(\"note\");\n";
  ASSERT_GT(big.size(), 3u * (256u << 10));  // several of the parser's chunks
  write_file(root / "20240102000000_big/migration.sql", big);
  write_file(root / "20240103000000_broken/migration.sql", "ALTER TABLE \"User\" ADD COLUMN;\n");
  expect_same_lint(root);

  // Every rule that looks elsewhere in the file found something to check.
  sg::rules::LintOptions opts;
  opts.enabled = sg::rules::default_enabled_rules();
  sg::MigrationHistory h = sg::load_history(root);
  std::set<std::string> rules;
  for (const auto& f : sg::rules::lint_unparsed_history(h, in_parts_of_one_chunk(opts)).findings) rules.insert(f.rule);
  for (const char* rule : {"foreign-key-without-index", "enum-value-used-in-same-transaction", "uncommitted-transaction",
                           "prisma-warnings", "syntax-error", "missing-lock-timeout"})
    EXPECT_TRUE(rules.count(rule)) << rule;
  EXPECT_FALSE(rules.count("table-without-primary-key"));
  EXPECT_FALSE(rules.count("drop-column"));  // suppressed
}

TEST(StreamingLint, SameFindingsAsAParsedHistory) {
  sg::test::TempDir dir;
  const fs::path root = new_history(dir);
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
