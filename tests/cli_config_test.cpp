// .schemagate.toml: rule settings, pg_version, report window, and errors for unknown keys and rule ids.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

using namespace sg::test;
namespace fs = std::filesystem;

namespace {

// A copy of the demo project in a temp dir, so a config file can sit above its migrations.
fs::path copy_demo(const TempDir& d) {
  fs::copy(fixtures_dir() / "demo", d.path() / "demo", fs::copy_options::recursive);
  return d.path() / "demo";
}

std::set<std::string> rules_in(const std::string& json_text) {
  std::set<std::string> out;
  const nlohmann::json doc = nlohmann::json::parse(json_text);  // kept alive: the loop borrows from it
  for (const auto& f : doc.at("findings")) out.insert(f.at("rule").get<std::string>());
  return out;
}

TEST(CliConfig, RulesCanBeTurnedOffAndRetuned) {
  TempDir d;
  fs::path demo = copy_demo(d);
  write_file(demo / ".schemagate.toml",
             "[rules]\ndrop-table = \"off\"\ndrop-column = \"warning\"\nadd-required-column-without-default = \"off\"\n");
  auto r = run_cli({"lint", "--format", "json"}, demo);
  auto rules = rules_in(r.out);
  EXPECT_FALSE(rules.count("drop-table"));
  EXPECT_TRUE(rules.count("drop-column")) << r.err;
  // Nothing at error level is left, so the run passes.
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(CliConfig, StartAfterLimitsReporting) {
  TempDir d;
  fs::path demo = copy_demo(d);
  write_file(demo / ".schemagate.toml", "start_after = \"20240301101500_drop_legacy_and_rename\"\n");
  auto r = run_cli({"lint", "--format", "json"}, demo);
  auto rules = rules_in(r.out);
  EXPECT_FALSE(rules.count("drop-table"));
  EXPECT_TRUE(rules.count("create-index-not-concurrently"));
}

TEST(CliConfig, UnknownKeyOrRuleIsAnError) {
  TempDir d;
  fs::path demo = copy_demo(d);
  write_file(demo / ".schemagate.toml", "pg_verison = 14\n");
  auto r = run_cli({"lint"}, demo);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("pg_verison"), std::string::npos) << r.err;
  write_file(demo / ".schemagate.toml", "[rules]\nno-such-rule = \"off\"\n");
  r = run_cli({"lint"}, demo);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no-such-rule"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(".schemagate.toml:2:"), std::string::npos) << r.err;
}

TEST(CliConfig, ExplicitConfigPath) {
  TempDir d;
  fs::path demo = copy_demo(d);
  write_file(d.path() / "custom.toml", "exclude = [\"2024030*\"]\n");
  auto r = run_cli({"lint", "--format", "json", "--config", (d.path() / "custom.toml").string()}, demo);
  EXPECT_FALSE(rules_in(r.out).count("drop-table"));
}

}  // namespace
