// `schemagate lint` as a user runs it: the demo project, every output format, exit codes, bad arguments.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

using namespace sg::test;

namespace {

std::string demo_migrations() { return (fixtures_dir() / "demo" / "prisma" / "migrations").string(); }

TEST(CliLint, DemoProjectTextOutput) {
  auto r = run_cli({"lint", "--migrations", demo_migrations(), "--color", "never"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  for (const char* rule : {"drop-table", "drop-column", "add-required-column-without-default",
                           "create-index-not-concurrently"})
    EXPECT_NE(r.out.find(std::string("[") + rule + "]"), std::string::npos) << rule << "\n" << r.out;
  // The index on the table created in the same migration is not flagged.
  EXPECT_EQ(r.out.find("Comment_postId_idx"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos) << "no colour when --color never";
}

TEST(CliLint, DemoFromProjectRootFindsDefaultFolder) {
  auto r = run_cli({"lint", "--format", "json"}, fixtures_dir() / "demo");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.contains("findings"));
  EXPECT_GE(j["findings"].size(), 4u);
}

TEST(CliLint, FailOnControlsExitCode) {
  EXPECT_EQ(run_cli({"lint", "-m", demo_migrations(), "--fail-on", "never"}).exit_code, 0);
  // Only warnings left when the error-level rules are disabled.
  auto only_warnings = run_cli({"lint", "-m", demo_migrations(), "--disable",
                                "drop-table,drop-column,add-required-column-without-default"});
  EXPECT_EQ(only_warnings.exit_code, 0) << only_warnings.out;
  auto fail_on_warning = run_cli({"lint", "-m", demo_migrations(), "--disable",
                                  "drop-table,drop-column,add-required-column-without-default", "--fail-on", "warning"});
  EXPECT_EQ(fail_on_warning.exit_code, 1);
}

TEST(CliLint, UsageErrorsExitTwo) {
  EXPECT_EQ(run_cli({"lint", "-m", demo_migrations(), "--enable", "no-such-rule"}).exit_code, 2);
  EXPECT_EQ(run_cli({"lint", "-m", "/nonexistent/migrations"}).exit_code, 2);
  EXPECT_EQ(run_cli({"lint", "--format", "xml"}).exit_code, 2);
  EXPECT_EQ(run_cli({"no-such-command"}).exit_code, 2);
}

TEST(CliLint, FilesLimitReportsToThoseMigrations) {
  auto r = run_cli({"lint", "--format", "json",
                    demo_migrations() + "/20240301101500_drop_legacy_and_rename/migration.sql"});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  for (const auto& f : j["findings"])
    EXPECT_NE(f.dump().find("20240301101500_drop_legacy_and_rename"), std::string::npos) << f.dump();
}

TEST(CliLint, OutputFileAndFormats) {
  TempDir d;
  for (const char* fmt : {"text", "json", "sarif", "github"}) {
    auto out = d.path() / (std::string("report.") + fmt);
    auto r = run_cli({"lint", "-m", demo_migrations(), "--format", fmt, "--output", out.string()});
    EXPECT_EQ(r.exit_code, 1) << fmt << r.err;
    EXPECT_TRUE(r.out.empty()) << fmt;
    EXPECT_FALSE(read_file(out).empty()) << fmt;
  }
  auto gh = read_file(d.path() / "report.github");
  EXPECT_NE(gh.find("::error file="), std::string::npos) << gh;
}

TEST(CliLint, RulesAndExplain) {
  auto r = run_cli({"rules", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0);
  auto j = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& rule : j) found = found || rule["id"] == "drop-table";
  EXPECT_TRUE(found);
  auto e = run_cli({"explain", "create-index-not-concurrently"});
  EXPECT_EQ(e.exit_code, 0);
  EXPECT_NE(e.out.find("CONCURRENTLY"), std::string::npos);
  EXPECT_EQ(run_cli({"explain", "nope"}).exit_code, 2);
}

TEST(CliLint, VersionNamesGrammar) {
  auto r = run_cli({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("PostgreSQL 15"), std::string::npos) << r.out;
}

}  // namespace

namespace {
TEST(CliLint, PrismaVersionChangesTransactionModel) {
  // Prisma 7.4+'s native engine sends statements one by one: no lock is held across statements of a file.
  auto any7 = run_cli({"lint", "-m", demo_migrations(), "--format", "json", "--fail-on", "never"});
  auto v74 = run_cli({"lint", "-m", demo_migrations(), "--format", "json", "--fail-on", "never", "--prisma-version", "7.4"});
  EXPECT_NE(any7.out.find("statements-after-access-exclusive"), std::string::npos);
  EXPECT_EQ(v74.out.find("statements-after-access-exclusive"), std::string::npos);
  EXPECT_EQ(run_cli({"lint", "-m", demo_migrations(), "--prisma-version", "banana"}).exit_code, 2);
}
}  // namespace
