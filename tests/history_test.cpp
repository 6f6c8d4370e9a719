// The migrations folder model: Prisma's order, the lock file, and every kind of bad input reported with its
// path while the run goes on.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "analyzer/hash.hpp"
#include "analyzer/history/history.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace sg;

namespace {

bool has_rule(const MigrationHistory& h, const std::string& rule) {
  for (const auto& f : h.findings)
    if (f.rule == rule) return true;
  return false;
}

TEST(History, OrdersFoldersByNameAndReadsLockFile) {
  test::TempDir d;
  test::write_file(d.path() / "20240201000000_b" / "migration.sql", "SELECT 2;");
  test::write_file(d.path() / "20240101000000_a" / "migration.sql", "SELECT 1;");
  test::write_file(d.path() / "migration_lock.toml", "provider = \"postgresql\"\n");
  MigrationHistory h = load_history(d.path());
  ASSERT_EQ(h.migrations.size(), 2u);
  EXPECT_EQ(h.migrations[0].name, "20240101000000_a");
  EXPECT_EQ(h.migrations[1].name, "20240201000000_b");
  EXPECT_EQ(h.migrations[0].checksum, sha256_hex("SELECT 1;"));
  ASSERT_TRUE(h.lock.provider.has_value());
  EXPECT_EQ(*h.lock.provider, "postgresql");
  EXPECT_TRUE(h.findings.empty());
}

TEST(History, ChecksumTestVector) {
  EXPECT_EQ(sha256_hex("hello"), "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
}

TEST(History, MissingFolderIsReported) {
  MigrationHistory h = load_history("/nonexistent/schemagate/migrations");
  EXPECT_TRUE(h.root_missing);
  EXPECT_TRUE(has_rule(h, "missing-migrations-folder"));
}

TEST(History, KeepsTextsWithinItsBudgetAndLetsAllGoPastIt) {
  test::TempDir d;
  test::write_file(d.path() / "20240101000000_a" / "migration.sql", "SELECT 1;");         // 9 bytes
  test::write_file(d.path() / "20240102000000_b" / "migration.sql", "SELECT 22;");        // 10 bytes
  test::write_file(d.path() / "20240103000000_c" / "migration.sql", "-- nothing to run\n");  // kept: checks read it
  auto unloaded = [](const MigrationHistory& h) {
    std::vector<bool> out;
    for (const Migration& m : h.migrations) {
      EXPECT_EQ(m.text_unloaded, !m.file) << m.name;
      out.push_back(m.text_unloaded);
    }
    return out;
  };
  EXPECT_EQ(unloaded(load_history(d.path())), (std::vector<bool>{false, false, false}));
  EXPECT_EQ(unloaded(load_history(d.path(), kKeepNoText)), (std::vector<bool>{true, true, false}));
  // 9 + 10 + 18 bytes: a budget of 37 holds them all; 36 is passed at the last file, and the earlier ones go too.
  EXPECT_EQ(unloaded(load_history(d.path(), 37)), (std::vector<bool>{false, false, false}));
  EXPECT_EQ(unloaded(load_history(d.path(), 36)), (std::vector<bool>{true, true, false}));
  MigrationHistory h = load_history(d.path(), 12);
  EXPECT_EQ(unloaded(h), (std::vector<bool>{true, true, false}));
  ASSERT_TRUE(load_text(h.migrations[1]));
  EXPECT_EQ(h.migrations[1].file->text(), "SELECT 22;");
  EXPECT_EQ(h.migrations[1].file->path(), h.migrations[1].path);
}

TEST(History, ReportPathsAreRelativeToTheWorkingDirectory) {
  test::TempDir d;
  test::write_file(d.path() / "prisma" / "migrations" / "20240101000000_a" / "migration.sql", "SELECT 1;");
  test::write_file(d.path() / "prisma" / "migrations" / "20240101000000_a" / "down.sql", "SELECT 2;");
  fs::path was = fs::current_path();
  fs::current_path(d.path());
  MigrationHistory h = load_history("prisma/migrations/");
  MigrationHistory absolute = load_history(d.path() / "prisma" / "migrations");
  fs::current_path(was);
  ASSERT_EQ(h.migrations.size(), 1u);
  EXPECT_EQ(h.migrations[0].path, "prisma/migrations/20240101000000_a/migration.sql");
  EXPECT_EQ(h.migrations[0].file->path(), h.migrations[0].path);
  EXPECT_EQ(h.migrations[0].other_files, std::vector<std::string>{"down.sql"});
  ASSERT_EQ(absolute.migrations.size(), 1u);
  EXPECT_EQ(absolute.migrations[0].path, h.migrations[0].path);
}

TEST(History, StrayFilesAndMissingMigrationFile) {
  test::TempDir d;
  test::write_file(d.path() / "notes.txt", "hi");
  fs::create_directories(d.path() / "20240101000000_empty_folder");
  test::write_file(d.path() / "20240102000000_ok" / "migration.sql", "SELECT 1;");
  MigrationHistory h = load_history(d.path());
  EXPECT_TRUE(has_rule(h, "stray-file"));
  EXPECT_TRUE(has_rule(h, "missing-migration-file"));
  ASSERT_EQ(h.migrations.size(), 1u);
  EXPECT_TRUE(h.migrations[0].readable);
}

TEST(History, InvalidUtf8AndNulBytesAreFindingsAndOthersGoOn) {
  test::TempDir d;
  test::write_file(d.path() / "20240101000000_bad" / "migration.sql", std::string("SELECT '\xff\xfe';"));
  test::write_file(d.path() / "20240102000000_nul" / "migration.sql", std::string("SELECT 1;\0\0", 11));
  test::write_file(d.path() / "20240103000000_ok" / "migration.sql", "SELECT 1;");
  MigrationHistory h = load_history(d.path());
  ASSERT_EQ(h.migrations.size(), 3u);
  EXPECT_FALSE(h.migrations[0].readable);
  EXPECT_FALSE(h.migrations[1].readable);
  EXPECT_TRUE(h.migrations[2].readable);
  EXPECT_TRUE(has_rule(h, "invalid-utf8"));
  EXPECT_TRUE(has_rule(h, "binary-file"));
  for (const auto& f : h.findings) {
    if (f.rule != "invalid-utf8") continue;
    EXPECT_EQ(f.location.range.start.line, 1u);
    EXPECT_EQ(f.location.range.start.column, 9u);  // the byte after `SELECT '`
  }
}

TEST(History, UnreadableFileIsReported) {
  if (geteuid() == 0) GTEST_SKIP() << "running as root: permissions do not stop root from reading";
  test::TempDir d;
  fs::path f = d.path() / "20240101000000_a" / "migration.sql";
  test::write_file(f, "SELECT 1;");
  chmod(f.c_str(), 0);
  MigrationHistory h = load_history(d.path());
  EXPECT_TRUE(has_rule(h, "unreadable-file"));
}

TEST(History, UnreadableFileAsRootViaDirectoryInPlaceOfFile) {
  // Root reads everything; a directory where the file should be exercises the same error path.
  test::TempDir d;
  fs::create_directories(d.path() / "20240101000000_a" / "migration.sql");
  MigrationHistory h = load_history(d.path());
  EXPECT_TRUE(has_rule(h, "unreadable-file"));
}

TEST(History, SymlinkLoopDoesNotHang) {
  test::TempDir d;
  test::write_file(d.path() / "20240101000000_a" / "migration.sql", "SELECT 1;");
  fs::create_directory_symlink(d.path(), d.path() / "20240101000000_a" / "loop");
  fs::create_directory_symlink(d.path() / "20240102000000_self", d.path() / "20240102000000_self");
  MigrationHistory h = load_history(d.path());
  parse_history(h);
  EXPECT_GE(h.migrations.size(), 1u);
  EXPECT_EQ(h.migrations[0].parsed.statements.size(), 1u);
}

TEST(History, FifoDoesNotHang) {
  test::TempDir d;
  fs::create_directories(d.path() / "20240101000000_a");
  ASSERT_EQ(mkfifo((d.path() / "20240101000000_a" / "migration.sql").c_str(), 0600), 0);
  MigrationHistory h = load_history(d.path());
  EXPECT_TRUE(has_rule(h, "unreadable-file"));
}

TEST(History, EmptyFileParsesToNothing) {
  test::TempDir d;
  test::write_file(d.path() / "20240101000000_a" / "migration.sql", "");
  MigrationHistory h = load_history(d.path());
  parse_history(h);
  ASSERT_EQ(h.migrations.size(), 1u);
  EXPECT_TRUE(h.migrations[0].readable);
  EXPECT_TRUE(h.migrations[0].parsed.statements.empty());
}

TEST(History, SyntaxErrorIsFindingWithPosition) {
  test::TempDir d;
  test::write_file(d.path() / "20240101000000_a" / "migration.sql",
                   "CREATE TABLE \"A\" (id int);\nCREATE TABLEE \"B\" (id int);\nCREATE TABLE \"C\" (id int);\n");
  MigrationHistory h = load_history(d.path());
  parse_history(h);
  ASSERT_TRUE(has_rule(h, "syntax-error"));
  for (const auto& f : h.findings)
    if (f.rule == "syntax-error") EXPECT_EQ(f.location.range.start.line, 2u);
  EXPECT_EQ(h.migrations[0].parsed.statements.size(), 2u);
}

TEST(History, InvalidLockFileIsReported) {
  test::TempDir d;
  test::write_file(d.path() / "migration_lock.toml", "provider = \n");
  MigrationHistory h = load_history(d.path());
  EXPECT_TRUE(has_rule(h, "lock-file-invalid"));
}

}  // namespace
