// The pre-commit hooks (.pre-commit-hooks.yaml), run by the real `pre-commit try-repo` on a temporary project
// holding the demo history, with schemagate on PATH as `language: system` requires.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "integrations_support.hpp"
#include "support/test_support.hpp"

namespace sg::test {
namespace {
namespace fs = std::filesystem;
using integrations::git;
using integrations::run_program;

class PrecommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!integrations::on_path("pre-commit"))
      GTEST_SKIP() << "*** pre-commit is not installed (Debian package `pre-commit`): the hook tests did NOT run ***";
    if (!integrations::on_path("git")) GTEST_SKIP() << "*** git is not installed: the hook tests did NOT run ***";
    home_ = tmp_.path() / "home";
    fs::create_directories(home_);

    // The hook repository: just the manifest, committed (try-repo reads a commit).
    hooks_ = tmp_.path() / "hooks";
    fs::create_directories(hooks_);
    fs::copy_file(source_dir() / ".pre-commit-hooks.yaml", hooks_ / ".pre-commit-hooks.yaml");
    ASSERT_EQ(git(hooks_, {"init", "-q", "-b", "main"}, home_).exit_code, 0);
    ASSERT_EQ(git(hooks_, {"add", "-A"}, home_).exit_code, 0);
    ASSERT_EQ(git(hooks_, {"commit", "-q", "-m", "hooks"}, home_).exit_code, 0);

    // The project: the whole demo history, committed.
    project_ = tmp_.path() / "project";
    fs::create_directories(project_);
    migrations_ = integrations::demo_migrations();
    integrations::copy_demo(project_, migrations_);
    ASSERT_EQ(git(project_, {"init", "-q", "-b", "main"}, home_).exit_code, 0);
    ASSERT_EQ(git(project_, {"add", "-A"}, home_).exit_code, 0);
    ASSERT_EQ(git(project_, {"commit", "-q", "-m", "demo"}, home_).exit_code, 0);

    // `language: system` runs `schemagate` from PATH.
    bin_ = tmp_.path() / "bin";
    fs::create_directories(bin_);
    fs::create_symlink(SCHEMAGATE_BINARY, bin_ / "schemagate");

    // Findings per migration, from the JSON report of the whole history.
    RunResult r = run_cli({"lint", "--format", "json", "--fail-on", "never"}, project_);
    auto doc = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << r.out << r.err;
    for (const auto& f : doc["findings"]) {
      if (!f["migration"].is_string()) continue;
      std::string migration = f["migration"];
      findings_[migration].push_back(f["rule"].get<std::string>());
      if (f["severity"] == "error") with_errors_.insert(migration);
    }
  }

  RunResult try_repo(const std::string& hook, const std::vector<std::string>& files) {
    std::vector<std::string> argv{"pre-commit", "try-repo", hooks_.string(), hook, "--verbose", "--color=never"};
    if (files.empty()) argv.push_back("--all-files");
    else {
      argv.push_back("--files");
      argv.insert(argv.end(), files.begin(), files.end());
    }
    std::vector<std::string> env = integrations::git_env(home_);
    const char* path = std::getenv("PATH");
    env.push_back("PATH=" + bin_.string() + ":" + (path ? path : "/usr/bin:/bin"));
    env.push_back("PRE_COMMIT_HOME=" + (tmp_.path() / "pre-commit-cache").string());
    env.push_back("NO_COLOR=1");
    return run_program(argv, project_, env);
  }

  static std::string sql_of(const std::string& migration) { return "prisma/migrations/" + migration + "/migration.sql"; }

  TempDir tmp_;
  fs::path home_, hooks_, project_, bin_;
  std::vector<std::string> migrations_;
  std::map<std::string, std::vector<std::string>> findings_;
  std::set<std::string> with_errors_;  // migrations with an error finding (which fails the default --fail-on)
};

TEST_F(PrecommitTest, LintHookReportsOnlyTheFilesItIsGiven) {
  ASSERT_FALSE(with_errors_.empty()) << "no demo migration has an error finding";
  std::string with_findings = *with_errors_.begin();
  std::string other_with_findings;
  for (const auto& m : migrations_)
    if (m != with_findings && !findings_[m].empty()) other_with_findings = m;
  ASSERT_FALSE(other_with_findings.empty()) << "the demo needs two migrations with findings to test the filter";

  RunResult r = try_repo("schemagate-lint", {sql_of(with_findings)});
  std::string log = r.out + r.err;
  EXPECT_EQ(r.exit_code, 1) << log;  // an error finding fails the default --fail-on error
  EXPECT_NE(log.find("schemagate lint"), std::string::npos) << log;
  EXPECT_NE(log.find(sql_of(with_findings)), std::string::npos) << log;
  for (const auto& rule : findings_[with_findings]) EXPECT_NE(log.find(rule), std::string::npos) << rule << "\n" << log;
  EXPECT_EQ(log.find(other_with_findings), std::string::npos) << "reported a migration it was not given:\n" << log;
}

TEST_F(PrecommitTest, LintHookPassesACleanNewMigrationAndSkipsOtherFiles) {
  // A new table nobody uses yet: nothing to lock, nothing to lose.
  std::string clean = "29990101000000_add_tag";
  write_file(project_ / sql_of(clean), "-- CreateTable\nCREATE TABLE \"Tag\" (\n    \"id\" TEXT NOT NULL,\n"
                                       "    CONSTRAINT \"Tag_pkey\" PRIMARY KEY (\"id\")\n);\n");
  // With its model, as `prisma migrate dev` leaves it: lint compares schema.prisma with the history too.
  write_file(project_ / "prisma/schema.prisma",
             read_file(project_ / "prisma/schema.prisma") + "\nmodel Tag {\n  id String @id\n}\n");
  RunResult lint = run_cli({"lint", "--format", "json", sql_of(clean)}, project_);
  ASSERT_EQ(lint.exit_code, 0) << "the clean migration has findings under the current rules: " << lint.out;

  RunResult r = try_repo("schemagate-lint", {sql_of(clean)});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("Passed"), std::string::npos) << r.out << r.err;

  RunResult skipped = try_repo("schemagate-lint", {"prisma/schema.prisma"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.out << skipped.err;
  EXPECT_NE((skipped.out + skipped.err).find("Skipped"), std::string::npos) << skipped.out << skipped.err;
}

TEST_F(PrecommitTest, SchemaHookLintsTheWholeHistoryWhenSchemaPrismaChanges) {
  RunResult r = try_repo("schemagate-schema", {"prisma/schema.prisma"});
  std::string log = r.out + r.err;
  EXPECT_NE(r.exit_code, 0) << log;
  size_t migrations_reported = 0;
  for (const auto& [migration, rules] : findings_)
    if (!rules.empty()) migrations_reported += log.find(migration) != std::string::npos;
  size_t migrations_with_findings = 0;
  for (const auto& [migration, rules] : findings_) migrations_with_findings += !rules.empty();
  EXPECT_EQ(migrations_reported, migrations_with_findings) << log;

  RunResult unrelated = try_repo("schemagate-schema", {sql_of(migrations_.front())});
  EXPECT_EQ(unrelated.exit_code, 0) << unrelated.out << unrelated.err;
  EXPECT_NE((unrelated.out + unrelated.err).find("Skipped"), std::string::npos);
}

}  // namespace
}  // namespace sg::test
