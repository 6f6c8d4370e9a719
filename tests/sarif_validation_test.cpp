// SARIF output checked by Microsoft's SARIF Multitool with the SARIF and GitHub rule sets, on a report that
// has every shape a finding can take. ci/install-sarif-multitool installs the tool; without it the test
// skips and says how to get it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "reporters/report.hpp"
#include "support/test_support.hpp"

extern char** environ;

namespace sg::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path multitool_path() {
  if (const char* p = std::getenv("SARIF_MULTITOOL"); p && *p) return p;
  fs::path p = test::source_dir() / "build/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool";
  return fs::exists(p) ? p : fs::path();
}

// Runs argv without a shell, stdout and stderr to `log`; kills it after `limit`. Returns the exit status.
int run_with_limit(const std::vector<std::string>& argv, const fs::path& log, std::chrono::seconds limit) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // The Multitool is a .NET program: invariant globalization spares it a libicu dependency.
  std::vector<std::string> env_s{"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1", "DOTNET_CLI_TELEMETRY_OPTOUT=1"};
  for (char** e = environ; *e; ++e) env_s.emplace_back(*e);
  std::vector<char*> env;
  for (std::string& e : env_s) env.push_back(e.data());
  env.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -2;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -3;
}

SourcePtr source(std::string path, std::string text) {
  return std::make_shared<const SourceFile>(std::move(path), std::move(text));
}

Location span_of(const SourcePtr& f, std::string_view needle) {
  size_t pos = f->text().find(needle);
  if (pos == std::string::npos) ADD_FAILURE() << "not in " << f->path() << ": " << needle;
  pos = std::min(pos, f->size());
  return make_location(f, Span{static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + needle.size())});
}

// Every shape a finding takes: unicode, tabs, CRLF, multi-line and empty spans, spans ending on a newline,
// related locations, findings on folders, an absolute path outside the root, rules with and without
// descriptors, every severity.
Report rich_report() {
  auto init = source("prisma/migrations/20240101000000_init/migration.sql",
                     "-- Créer les tables 日本語\nCREATE TABLE \"Café\" (\n\t\"id\" SERIAL PRIMARY KEY,\n"
                     "\t\"naïve\" TEXT NOT NULL\n);\nCREATE INDEX \"Café_naïve_idx\" ON \"Café\"(\"naïve\");\n");
  auto crlf = source("prisma/migrations/20240202000000_rename column/migration.sql",
                     "ALTER TABLE \"Café\"\r\n  RENAME COLUMN \"naïve\" TO \"näive\";\r\nDROP TABLE \"Old\";\r\n");
  auto schema = source("prisma/schema.prisma", "model Café {\n  id    Int    @id\n  naïve String\n}\n");
  auto outside = source("/opt/shared/extra.sql", "SELECT 1;\n");

  auto make = [](std::string rule, Severity s, std::string msg, std::string help, Location l) {
    Finding f;
    f.rule = std::move(rule);
    f.severity = s;
    f.message = std::move(msg);
    f.help = std::move(help);
    f.location = std::move(l);
    constexpr std::string_view kFolder = "prisma/migrations/";
    if (f.location.file && f.location.path.starts_with(kFolder))
      f.migration = f.location.path.substr(kFolder.size(), f.location.path.find('/', kFolder.size()) - kFolder.size());
    finalize_fingerprint(f);
    return f;
  };

  std::vector<Finding> fs;
  fs.push_back(make("create-index-non-concurrently", Severity::Warning,
                    "Creating index \"Café_naïve_idx\" blocks writes to \"Café\" while it builds",
                    "Use CREATE INDEX CONCURRENTLY in a migration of its own",
                    span_of(init, "CREATE INDEX \"Café_naïve_idx\" ON \"Café\"(\"naïve\");")));
  fs.back().locks.push_back({"\"Café\"", "SHARE", false, true});
  fs.push_back(make("rename-column", Severity::Error, "Renaming column \"naïve\" breaks the running application",
                    "Add the new column, write to both, backfill, switch reads, then drop the old one",
                    span_of(crlf, "ALTER TABLE \"Café\"\r\n  RENAME COLUMN \"naïve\" TO \"näive\";")));
  fs.back().related.push_back({span_of(schema, "naïve String"), "the schema still names the column \"naïve\""});
  fs.back().related.push_back({span_of(init, "\t\"naïve\" TEXT NOT NULL\n"), "created here"});
  fs.push_back(make("drop-table", Severity::Error, "Dropping table \"Old\" deletes its rows",
                    "Stop using the table in one release and drop it in a later one", span_of(crlf, "DROP TABLE \"Old\";\r\n")));
  fs.back().locks.push_back({"\"Old\"", "ACCESS EXCLUSIVE", false, false});
  fs.push_back(make("truncate", Severity::Error, "TRUNCATE \"Old\" deletes every row", "Delete rows in batches",
                    span_of(crlf, "DROP TABLE")));
  fs.push_back(make("syntax-error", Severity::Error, "syntax error at or near \"SERIAL\"", "", make_location(init, Span{52, 52})));
  fs.push_back(make("missing-migration-lock", Severity::Warning, "prisma/migrations has no migration_lock.toml",
                    "Run `prisma migrate dev` once and commit migration_lock.toml",
                    make_location("prisma/migrations")));
  fs.push_back(make("unknown-extra-file", Severity::Info, "A file outside the migrations folder: 100% ignored, really",
                    "", span_of(outside, "SELECT 1;")));

  Report r;
  r.tool_version = "0.1.0";
  r.command = "lint";
  r.findings = std::move(fs);
  sort_findings(r.findings);
  r.migrations = 2;
  r.statements = 5;
  r.files = 2;
  r.working_directory = "/home/runner/work/app/app";
  RuleDescriptor d;
  d.id = "create-index-non-concurrently";
  d.summary = "CREATE INDEX without CONCURRENTLY on an existing table";
  d.description = "A plain CREATE INDEX takes a SHARE lock, which blocks INSERT, UPDATE and DELETE until it ends.";
  d.help = "Use `CREATE INDEX CONCURRENTLY` in a migration that holds only that statement.";
  d.category = "locking";
  d.default_severity = Severity::Warning;
  r.rules.push_back(d);
  d = {};
  d.id = "rename-column";
  d.summary = "Renaming a column";
  d.category = "deploy-failure";
  d.default_severity = Severity::Error;
  r.rules.push_back(d);
  return r;
}

struct Verdict {
  int exit_code = 0;
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
  std::vector<std::string> notes;
  std::string raw;
};

// One Multitool run over every file (its start-up is most of the cost of a small file).
Verdict validate(const fs::path& tool, const std::vector<fs::path>& sarifs, const fs::path& dir) {
  fs::path out = dir / "validation.sarif", console = dir / "console.txt";
  Verdict v;
  std::vector<std::string> argv{tool.string(), "validate"};
  for (const fs::path& f : sarifs) argv.push_back(f.string());
  for (const char* a : {"--output", out.c_str(), "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh"})
    argv.emplace_back(a);
  v.exit_code = run_with_limit(argv, console, std::chrono::seconds(600));
  v.raw = test::read_file(console);
  if (!fs::exists(out)) return v;
  json log = json::parse(test::read_file(out), nullptr, false);
  if (log.is_discarded()) return v;
  for (const json& run : log.value("runs", json::array()))
    for (const json& res : run.value("results", json::array())) {
      std::string line = res.value("ruleId", "?") + ": " + res.value("message", json::object()).dump();
      std::string level = res.value("level", "warning");
      if (level == "error") v.errors.push_back(line);
      else if (level == "warning") v.warnings.push_back(line);
      else if (level == "note") v.notes.push_back(line);
    }
  // Tool notifications (a crash on our input, an unreadable file) count as errors too.
  for (const json& run : log.value("runs", json::array()))
    for (const json& inv : run.value("invocations", json::array()))
      for (const char* key : {"toolExecutionNotifications", "toolConfigurationNotifications"})
        for (const json& n : inv.value(key, json::array()))
          if (n.value("level", "warning") == "error") v.errors.push_back("notification: " + n.dump());
  return v;
}

// The Multitool ran, and found no error and no warning.
void expect_accepted(const Verdict& v, const fs::path& dir) {
  ASSERT_TRUE(fs::exists(dir / "validation.sarif")) << "Multitool exit " << v.exit_code << ":\n" << v.raw;
  EXPECT_EQ(v.exit_code, 0) << v.raw;
  for (const std::string& e : v.errors) ADD_FAILURE() << "error: " << e;
  for (const std::string& w : v.warnings) ADD_FAILURE() << "warning: " << w;
}

// Skips the test, saying how to install the Multitool, when it is not there.
#define SG_REQUIRE_MULTITOOL(tool)                                                                           \
  if ((tool).empty())                                                                                        \
  GTEST_SKIP() << "SARIF Multitool NOT FOUND: set SARIF_MULTITOOL or run `ci/install-sarif-multitool "     \
               << (test::source_dir() / "build/tools").string() << "`; SARIF output was NOT validated"

TEST(SarifValidation, MultitoolWithGitHubRulesAcceptsTheRichReport) {
  fs::path tool = multitool_path();
  SG_REQUIRE_MULTITOOL(tool);
  test::TempDir dir;
  fs::path sarif = dir.path() / "schemagate.sarif";
  test::write_file(sarif, render_sarif(rich_report()));
  Verdict v = validate(tool, {sarif}, dir.path());
  expect_accepted(v, dir.path());
  // Notes are advice that does not fit a migration linter (e.g. SARIF2009 wants ids like "SG1001");
  // printed so a new kind shows up in the log.
  for (const std::string& n : v.notes) std::cout << "[   NOTE   ] " << n << "\n";
}

// What users upload: `schemagate lint --format sarif` of the demo project and of every real history (with its
// schema, so drift findings on schema.prisma are in it too).
TEST(SarifValidation, MultitoolWithGitHubRulesAcceptsTheDemoAndEveryCorpus) {
  fs::path tool = multitool_path();
  SG_REQUIRE_MULTITOOL(tool);
  test::TempDir dir;
  std::vector<fs::path> sarifs;
  size_t results = 0;
  auto lint = [&](const std::string& name, const std::vector<std::string>& args, const fs::path& cwd) {
    fs::path out = dir.path() / (name + ".sarif");
    std::vector<std::string> argv{"lint", "--format", "sarif", "-o", out.string(), "--fail-on", "never"};
    argv.insert(argv.end(), args.begin(), args.end());
    test::RunResult r = test::run_cli(argv, cwd);
    ASSERT_EQ(r.exit_code, 0) << name << ": " << r.err;
    results += json::parse(test::read_file(out))["runs"][0]["results"].size();
    sarifs.push_back(out);
  };
  lint("demo", {}, test::source_dir() / "fixtures" / "demo");
  if (test::shared_dir().empty())
    std::cout << "[  SKIPPED ] ../shared is absent: only the demo project's SARIF is validated\n";
  for (const std::string& corpus : test::corpora())
    lint(corpus, {"--migrations", (test::shared_dir() / "corpus" / corpus / "migrations").string()}, {});
  ASSERT_FALSE(HasFatalFailure());
  Verdict v = validate(tool, sarifs, dir.path());
  expect_accepted(v, dir.path());
  EXPECT_NE(v.raw.find(std::to_string(sarifs.size()) + " files scanned"), std::string::npos) << v.raw;
  std::cout << "[  sarif   ] " << sarifs.size() << " files, " << results << " results, " << v.errors.size()
            << " errors, " << v.warnings.size() << " warnings, " << v.notes.size() << " notes\n";
}

TEST(SarifValidation, RichReportDeclaresEveryRuleAndKeepsRegionsWellFormed) {
  Report r = rich_report();
  json run = json::parse(render_sarif(r))["runs"][0];
  const json& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(run["results"].size(), r.findings.size());
  for (const json& res : run["results"]) {
    ASSERT_LT(res["ruleIndex"].get<size_t>(), rules.size());
    EXPECT_EQ(rules[res["ruleIndex"].get<size_t>()]["id"], res["ruleId"]);
    std::vector<json> locations(res["locations"].begin(), res["locations"].end());
    for (const json& rel : res.value("relatedLocations", json::array())) locations.push_back(rel);
    for (const json& loc : locations) {
      ASSERT_TRUE(loc["physicalLocation"].contains("region")) << "GitHub needs region.startLine";
      const json& region = loc["physicalLocation"]["region"];
      ASSERT_GE(region.value("startLine", 0), 1) << region.dump();
      if (!region.contains("endColumn")) {
        EXPECT_EQ(region, json::parse(R"({"startLine":1})")) << "only file-less locations lack columns";
        continue;
      }
      EXPECT_GE(region["startColumn"].get<int>(), 1);
      EXPECT_GE(region["endLine"].get<int>(), region["startLine"].get<int>());
      if (region["endLine"] == region["startLine"]) {
        EXPECT_GT(region["endColumn"].get<int>(), region["startColumn"].get<int>()) << region.dump();
      }
    }
  }
}

}  // namespace
}  // namespace sg::report
