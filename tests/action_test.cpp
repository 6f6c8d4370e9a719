// The GitHub Action: ci/action-run in a fake GitHub environment (a pull_request event, a shallow clone of a
// temporary repository whose base holds the demo's first migrations and whose PR commit adds one), `lint
// --since` itself, and the structure of action.yml.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "integrations_support.hpp"
#include "support/test_support.hpp"

namespace sg::test {
namespace {
namespace fs = std::filesystem;
using integrations::git;
using integrations::run_program;
using Json = nlohmann::json;

// rule ids of the findings `lint --format json` reports in `migration`, with their severities.
struct Expected {
  std::multiset<std::string> rules;
  bool has_error = false;
  size_t other_migrations_findings = 0;  // findings elsewhere, which the action must not report
};

Expected findings_of(const fs::path& project, const std::string& migration) {
  RunResult r = run_cli({"lint", "--format", "json", "--fail-on", "never"}, project);
  Expected e;
  Json doc = Json::parse(r.out, nullptr, false);
  if (doc.is_discarded()) {
    ADD_FAILURE() << "lint --format json did not print JSON: " << r.out << r.err;
    return e;
  }
  for (const auto& f : doc["findings"]) {
    if (f["migration"].is_string() && f["migration"] == migration) {
      e.rules.insert(f["rule"].get<std::string>());
      e.has_error |= f["severity"] == "error";
    } else {
      ++e.other_migrations_findings;
    }
  }
  return e;
}

std::map<std::string, std::string> read_outputs(const fs::path& file) {
  std::map<std::string, std::string> out;
  std::string text = read_file(file);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (size_t eq = line.find('='); eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return out;
}

// origin: main holds every demo migration but the newest; the `feature` branch adds the newest one.
// work: a --depth=1 clone of feature, as actions/checkout leaves a pull request's checkout.
class ActionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!integrations::on_path("git")) GTEST_SKIP() << "git is not installed: the action tests need it";
    migrations_ = integrations::demo_migrations();
    ASSERT_GE(migrations_.size(), 2u) << "fixtures/demo needs at least two migrations";
    added_ = migrations_.back();
    std::vector<std::string> base(migrations_.begin(), migrations_.end() - 1);

    origin_ = tmp_.path() / "origin";
    home_ = tmp_.path() / "home";
    fs::create_directories(home_);
    fs::create_directories(origin_);
    ASSERT_EQ(git(origin_, {"init", "-q", "-b", "main"}, home_).exit_code, 0);
    integrations::copy_demo(origin_, base);
    ASSERT_EQ(git(origin_, {"add", "-A"}, home_).exit_code, 0);
    ASSERT_EQ(git(origin_, {"commit", "-q", "-m", "base"}, home_).exit_code, 0);
    ASSERT_EQ(git(origin_, {"checkout", "-q", "-b", "feature"}, home_).exit_code, 0);
    integrations::copy_demo(origin_, {added_});
    ASSERT_EQ(git(origin_, {"add", "-A"}, home_).exit_code, 0);
    ASSERT_EQ(git(origin_, {"commit", "-q", "-m", "add " + added_}, home_).exit_code, 0);

    work_ = tmp_.path() / "work";
    RunResult clone = git(tmp_.path(), {"clone", "-q", "--depth=1", "--branch", "feature",
                                        "file://" + origin_.string(), work_.string()}, home_);
    ASSERT_EQ(clone.exit_code, 0) << clone.err;
    ASSERT_EQ(git(work_, {"rev-parse", "--is-shallow-repository"}, home_).out, "true\n");

    event_ = tmp_.path() / "event.json";
    write_file(event_, R"({"action":"opened","number":7,"pull_request":{"number":7,"commits":1,)"
                       R"("base":{"ref":"main"},"head":{"ref":"feature"}}})");
    outputs_ = tmp_.path() / "github_output";
    summary_ = tmp_.path() / "step_summary.md";
    write_file(outputs_, "");
    write_file(summary_, "");
  }

  // ci/action-run as action.yml runs it; `inputs` ("NAME=value") override the fake GitHub environment.
  RunResult run_action(const std::vector<std::string>& inputs) {
    std::map<std::string, std::string> vars{
        {"GITHUB_ACTIONS", "true"}, {"GITHUB_EVENT_NAME", "pull_request"}, {"GITHUB_BASE_REF", "main"},
        {"GITHUB_HEAD_REF", "feature"}, {"GITHUB_EVENT_PATH", event_.string()}, {"GITHUB_OUTPUT", outputs_.string()},
        {"GITHUB_STEP_SUMMARY", summary_.string()}, {"SG_BIN", SCHEMAGATE_BINARY}, {"NO_COLOR", "1"}};
    for (const auto& kv : inputs) vars[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
    std::vector<std::string> env = integrations::git_env(home_);
    // Inputs not given must not leak in from the environment the tests run in.
    for (const char* unset : {"SG_BASE_REF", "SG_FORMAT", "SG_CODE_SCANNING", "SG_FAIL_ON", "SG_DATABASE_URL",
                              "SG_WORKING_DIRECTORY", "SG_CONFIG", "SG_LINT", "SG_SUMMARY", "SG_PG_VERSION"})
      if (!vars.count(unset)) env.emplace_back(unset);
    for (const auto& [name, value] : vars) env.push_back(name + "=" + value);
    return run_program({"bash", (source_dir() / "ci/action-run").string()}, work_, env);
  }

  // git_env without its removals, for run_cli (which only adds or replaces variables).
  std::vector<std::string> cli_env() const {
    std::vector<std::string> env;
    for (const auto& kv : integrations::git_env(home_))
      if (kv.find('=') != std::string::npos) env.push_back(kv);
    return env;
  }

  TempDir tmp_;
  std::vector<std::string> migrations_;
  std::string added_;
  fs::path origin_, home_, work_, event_, outputs_, summary_;
};

TEST_F(ActionTest, CodeScanningLintsOnlyThePullRequestsMigrationAndWritesSarifAndSummary) {
  Expected expected = findings_of(origin_, added_);
  ASSERT_FALSE(expected.rules.empty()) << added_ << " has no findings: the fixture no longer tests the filter";
  ASSERT_GT(expected.other_migrations_findings, 0u) << "the base migrations have no findings to leave out";

  RunResult r = run_action({"SG_CODE_SCANNING=true", "SG_FAIL_ON=error"});
  int want_exit = expected.has_error ? 1 : 0;
  EXPECT_EQ(r.exit_code, want_exit) << r.out << r.err;

  // The base was fetched into the shallow clone, deep enough for the merge base.
  EXPECT_EQ(git(work_, {"rev-parse", "--verify", "-q", "refs/remotes/origin/main"}, home_).exit_code, 0) << r.err;
  EXPECT_EQ(git(work_, {"merge-base", "refs/remotes/origin/main", "HEAD"}, home_).exit_code, 0) << r.err;

  auto outputs = read_outputs(outputs_);
  EXPECT_EQ(outputs["exit-code"], std::to_string(want_exit));
  EXPECT_EQ(outputs["findings"], std::to_string(expected.rules.size()));
  ASSERT_EQ(outputs.count("sarif-file"), 1u) << read_file(outputs_);
  fs::path sarif_path = outputs["sarif-file"];
  EXPECT_TRUE(sarif_path.is_absolute());
  Json sarif = Json::parse(read_file(sarif_path), nullptr, false);
  ASSERT_FALSE(sarif.is_discarded()) << "SARIF is not JSON";
  EXPECT_EQ(sarif["version"], "2.1.0");
  std::multiset<std::string> sarif_rules;
  for (const auto& result : sarif["runs"][0]["results"]) {
    sarif_rules.insert(result["ruleId"].get<std::string>());
    std::string uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    EXPECT_NE(uri.find(added_), std::string::npos) << "a finding outside the pull request's migration: " << uri;
  }
  EXPECT_EQ(sarif_rules, expected.rules);

  // With code scanning the log is plain text: no annotations that would duplicate the alerts.
  EXPECT_EQ(r.out.find("::error "), std::string::npos);

  std::string summary = read_file(summary_);
  EXPECT_NE(summary.find("## schemagate lint"), std::string::npos) << summary;
  EXPECT_NE(summary.find(added_), std::string::npos) << summary;
  for (const auto& rule : expected.rules) EXPECT_NE(summary.find(rule), std::string::npos) << rule;
  for (const auto& m : migrations_)
    if (m != added_) { EXPECT_EQ(summary.find(m), std::string::npos) << "summary mentions " << m; }
}

TEST_F(ActionTest, AnnotationsPointAtTheNewMigrationOnly) {
  Expected expected = findings_of(origin_, added_);
  RunResult r = run_action({"SG_FAIL_ON=never"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_outputs(outputs_)["exit-code"], "0");
  EXPECT_EQ(read_outputs(outputs_).count("sarif-file"), 0u);

  std::regex annotation(R"(^::(error|warning|notice) file=([^,]+),)");
  size_t annotations = 0;
  size_t pos = 0;
  while (pos < r.out.size()) {
    size_t nl = r.out.find('\n', pos);
    std::string line = r.out.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    std::smatch m;
    if (std::regex_search(line, m, annotation)) {
      ++annotations;
      EXPECT_NE(m[2].str().find(added_), std::string::npos) << line;
    }
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  EXPECT_EQ(annotations, expected.rules.size()) << r.out;
}

TEST_F(ActionTest, FailOnDecidesTheExitCode) {
  Expected expected = findings_of(origin_, added_);
  ASSERT_FALSE(expected.rules.empty());
  // Every finding is at least info, so fail-on info fails whenever there are findings.
  RunResult info = run_action({"SG_FAIL_ON=info"});
  EXPECT_EQ(info.exit_code, 1) << info.err;
  EXPECT_EQ(read_outputs(outputs_)["exit-code"], "1");

  write_file(outputs_, "");
  RunResult never = run_action({"SG_FAIL_ON=never"});
  EXPECT_EQ(never.exit_code, 0) << never.err;
  EXPECT_EQ(read_outputs(outputs_)["exit-code"], "0");
  EXPECT_EQ(read_outputs(outputs_)["findings"], std::to_string(expected.rules.size()));
}

TEST_F(ActionTest, WithoutABaseEveryMigrationIsLinted) {
  // A push to a branch with no `before` (a new branch) has nothing to compare with.
  write_file(event_, R"({"before":"0000000000000000000000000000000000000000","after":"abc"})");
  std::vector<std::string> inputs{"SG_FAIL_ON=never", "GITHUB_BASE_REF=", "GITHUB_EVENT_NAME=push"};
  RunResult r = run_action(inputs);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  Expected expected = findings_of(origin_, added_);
  EXPECT_EQ(read_outputs(outputs_)["findings"], std::to_string(expected.rules.size() + expected.other_migrations_findings));
}

TEST_F(ActionTest, UnknownFormatIsAUsageError) {
  RunResult r = run_action({"SG_FORMAT=yaml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("format must be"), std::string::npos) << r.err;
  EXPECT_EQ(read_outputs(outputs_)["exit-code"], "2");
}

// The pre-deploy step, with a stand-in schemagate that records how it was called (the real `gate` needs a
// database; its own tests cover it): the URL travels in $DATABASE_URL, never in the arguments, and is masked.
TEST_F(ActionTest, GateGetsTheDatabaseUrlThroughTheEnvironmentOnly) {
  fs::path calls = tmp_.path() / "calls.log";
  fs::path stub = tmp_.path() / "schemagate-stub";
  write_file(stub, "#!/bin/sh\nprintf 'argv:%s\\n' \"$*\" >>\"" + calls.string() +
                       "\"\nprintf 'env:%s\\n' \"$DATABASE_URL\" >>\"" + calls.string() +
                       "\"\n[ \"$1\" = gate ] && exit 1\nexit 0\n");
  fs::permissions(stub, fs::perms::owner_all);
  const std::string url = "postgres://deploy:s3cret@db.internal:5432/app";
  RunResult r = run_action({"SG_BIN=" + stub.string(), "SG_LINT=false", "SG_DATABASE_URL=" + url});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  auto outputs = read_outputs(outputs_);
  EXPECT_EQ(outputs["gate-exit-code"], "1");
  EXPECT_EQ(outputs["exit-code"], "1");
  EXPECT_EQ(outputs.count("findings"), 0u) << "lint: false must skip the lint";
  EXPECT_NE(r.out.find("::add-mask::" + url), std::string::npos) << r.out;
  std::string log = read_file(calls);
  EXPECT_NE(log.find("argv:gate --migrations prisma/migrations --fail-on error --schema prisma/schema.prisma"),
            std::string::npos) << log;
  EXPECT_NE(log.find("env:" + url), std::string::npos) << log;
  EXPECT_EQ(log.find("argv:lint"), std::string::npos) << log;
  size_t argv_line = log.find("argv:gate");
  EXPECT_EQ(log.substr(argv_line, log.find('\n', argv_line) - argv_line).find("s3cret"), std::string::npos) << log;
  EXPECT_NE(read_file(summary_).find("## schemagate gate: failed"), std::string::npos) << read_file(summary_);
}

// `lint --since` alone: committed changes since the ref plus untracked migrations, nothing else.
TEST_F(ActionTest, LintSinceCountsCommittedAndUntrackedMigrations) {
  fs::path repo = origin_;  // full history, on `feature`
  std::string untracked = "29990101000000_untracked";
  write_file(repo / "prisma/migrations" / untracked / "migration.sql", "ALTER TABLE \"User\" DROP COLUMN \"name\";\n");
  RunResult r = run_cli({"lint", "--since", "main", "--format", "json", "--fail-on", "never"}, repo, cli_env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json doc = Json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  std::set<std::string> reported;
  for (const auto& f : doc["findings"])
    if (f["migration"].is_string()) reported.insert(f["migration"].get<std::string>());
  for (const auto& m : reported) EXPECT_TRUE(m == added_ || m == untracked) << "reported " << m;
  EXPECT_TRUE(reported.count(added_)) << r.out;

  RunResult bad = run_cli({"lint", "--since", "no-such-ref"}, repo, cli_env());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--since"), std::string::npos) << bad.err;
  RunResult option = run_cli({"lint", "--since=--output=/tmp/x"}, repo, cli_env());
  EXPECT_EQ(option.exit_code, 2) << option.err;
}

TEST(ActionMetadata, ActionYmlIsAConsistentCompositeAction) {
  if (!integrations::on_path("python3")) GTEST_SKIP() << "python3 is absent: action.yml not validated";
  RunResult yaml = run_program({"python3", "-c",
                                "import json, sys, yaml\n"
                                "print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
                                (source_dir() / "action.yml").string()},
                               {});
  if (yaml.exit_code != 0 && yaml.err.find("No module named 'yaml'") != std::string::npos)
    GTEST_SKIP() << "python3-yaml is absent (apt package python3-yaml): action.yml not validated";
  ASSERT_EQ(yaml.exit_code, 0) << yaml.err;
  Json action = Json::parse(yaml.out);
  std::string text = read_file(source_dir() / "action.yml");
  std::string script = read_file(source_dir() / "ci/action-run");

  ASSERT_TRUE(action["name"].is_string());
  ASSERT_TRUE(action["description"].is_string());
  ASSERT_EQ(action["runs"]["using"], "composite");
  for (auto& [name, input] : action["inputs"].items()) {
    EXPECT_TRUE(input.contains("description")) << "input " << name;
    EXPECT_TRUE(!input.contains("default") || input["default"].is_string()) << "input " << name << " default must be a string";
  }
  for (auto& [name, output] : action["outputs"].items()) {
    EXPECT_TRUE(output.contains("description")) << "output " << name;
    EXPECT_TRUE(output.contains("value")) << "composite outputs need a value: " << name;
  }
  for (const char* required : {"migrations", "schema", "config", "fail-on", "pg-version", "format", "database-url",
                               "code-scanning"})
    EXPECT_TRUE(action["inputs"].contains(required)) << required;
  for (const char* required : {"findings", "exit-code"}) EXPECT_TRUE(action["outputs"].contains(required)) << required;

  std::set<std::string> step_ids;
  bool uploads_sarif = false;
  for (const auto& step : action["runs"]["steps"]) {
    EXPECT_NE(step.contains("run"), step.contains("uses")) << step.dump();
    if (step.contains("run")) { EXPECT_TRUE(step.contains("shell")) << "composite run steps need a shell: " << step.dump(); }
    if (step.contains("uses")) {
      std::string uses = step["uses"];
      EXPECT_NE(uses.find('@'), std::string::npos) << "pin a version: " << uses;
      uploads_sarif |= uses.rfind("github/codeql-action/upload-sarif@", 0) == 0;
    }
    if (step.contains("id")) step_ids.insert(step["id"].get<std::string>());
    // Every SG_* variable the step sets is one ci/action-run reads.
    if (step.contains("env") && step.contains("run") &&
        step["run"].get<std::string>().find("action-run") != std::string::npos) {
      for (auto& [name, value] : step["env"].items()) {
        if (name.rfind("SG_", 0) != 0) continue;
        EXPECT_NE(script.find("${" + name), std::string::npos) << name << " is set but ci/action-run never reads it";
      }
    }
  }
  EXPECT_TRUE(uploads_sarif);

  // Every `inputs.X` and `steps.Y` the expressions name exists.
  std::regex input_ref(R"(inputs\.([A-Za-z0-9_-]+))"), step_ref(R"(steps\.([A-Za-z0-9_-]+)\.)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), input_ref); it != std::sregex_iterator(); ++it)
    EXPECT_TRUE(action["inputs"].contains((*it)[1].str())) << "undeclared input " << (*it)[1];
  for (auto it = std::sregex_iterator(text.begin(), text.end(), step_ref); it != std::sregex_iterator(); ++it)
    EXPECT_TRUE(step_ids.count((*it)[1].str())) << "unknown step id " << (*it)[1];
  // Inputs reach the shell through env, never spliced into a script (where a value could inject commands).
  for (const auto& step : action["runs"]["steps"])
    if (step.contains("run")) { EXPECT_EQ(step["run"].get<std::string>().find("${{"), std::string::npos) << step["run"]; }
}

TEST(ActionMetadata, ScriptsPassShellcheck) {
  if (!integrations::on_path("shellcheck"))
    GTEST_SKIP() << "shellcheck is absent (apt package shellcheck): ci/action-run not checked";
  RunResult r = run_program({"shellcheck", (source_dir() / "ci/action-run").string(),
                             (source_dir() / "ci/action-install").string()},
                            {});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace sg::test
