// Drift between schema.prisma and the migration history, offline: verdicts against Prisma's own engine on the
// corpora, and mutations of the demo schema reported at the right line.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

#include "analyzer/history/history.hpp"
#include "analyzer/prisma/expect.hpp"
#include "analyzer/prisma/schema.hpp"
#include "analyzer/schema_drift/schema_drift.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace sg;

namespace {

schema_drift::Result drift_of(const fs::path& migrations, const fs::path& schema) {
  MigrationHistory h = load_history(migrations);
  parse_history(h);
  prisma::ParseResult parsed = prisma::parse_schema_path(schema);
  EXPECT_FALSE(parsed.has_errors()) << schema;
  return schema_drift::check(h, prisma::expect_catalog(parsed.schema));
}

TEST(SchemaDrift, DemoProjectHasNone) {
  auto r = drift_of(test::fixtures_dir() / "demo/prisma/migrations", test::fixtures_dir() / "demo/prisma/schema.prisma");
  for (const auto& f : r.findings) ADD_FAILURE() << f.rule << ": " << f.message;
}

struct Mutation {
  std::string name;
  std::string from, to;   // text replaced in the demo schema
  std::string rule;
  std::string message_part;
  std::string anchor;     // the finding must point at the first line of the mutated schema holding this text
};

class SchemaDriftMutation : public ::testing::TestWithParam<Mutation> {};

TEST_P(SchemaDriftMutation, ReportedAtTheModelOrField) {
  const Mutation& m = GetParam();
  test::TempDir d;
  std::string schema = test::read_file(test::fixtures_dir() / "demo/prisma/schema.prisma");
  size_t at = schema.find(m.from);
  ASSERT_NE(at, std::string::npos) << m.from;
  schema.replace(at, m.from.size(), m.to);
  test::write_file(d.path() / "schema.prisma", schema);
  auto r = drift_of(test::fixtures_dir() / "demo/prisma/migrations", d.path() / "schema.prisma");
  size_t anchor_at = schema.find(m.anchor);
  ASSERT_NE(anchor_at, std::string::npos) << m.anchor;
  uint32_t line = 1 + static_cast<uint32_t>(std::count(schema.begin(), schema.begin() + anchor_at, '\n'));
  bool found = false;
  for (const auto& f : r.findings) {
    if (f.rule != m.rule || f.message.find(m.message_part) == std::string::npos) continue;
    found = true;
    EXPECT_EQ(f.location.range.start.line, line) << f.message;
    EXPECT_NE(f.location.path.find("schema.prisma"), std::string::npos);
  }
  EXPECT_TRUE(found) << m.name;
}

INSTANTIATE_TEST_SUITE_P(
    Demo, SchemaDriftMutation,
    ::testing::Values(
        Mutation{"add_field", "  published Boolean   @default(false)\n",
                 "  published Boolean   @default(false)\n  views     Int       @default(0)\n", "schema-drift",
                 "add column `views` to `Post`", "views"},
        Mutation{"retype_field", "title     String    @db.VarChar(200)", "title     String    @db.VarChar(100)",
                 "schema-drift", "type of column `title`", "title     String"},
        Mutation{"optional_field", "  body   String\n", "  body   String?\n", "schema-drift", "nullable of column `body`", "body   String?"},
        Mutation{"add_index", "  @@index([postId])\n", "  @@index([postId])\n  @@index([body])\n", "schema-drift",
                 "create index `Comment_body_idx`", "@@index([body])"},
        Mutation{"add_model", "model Comment {", "model Tag {\n  id Int @id\n}\n\nmodel Comment {", "schema-drift",
                 "create table `Tag`", "model Tag"},
        Mutation{"add_enum_value", "  ADMIN\n", "  ADMIN\n  GUEST\n", "schema-drift", "values of enum `Role`", "enum Role"}),
    [](const auto& info) { return info.param.name; });

// The names each statement of `prisma migrate diff --script` acts on, all of which one finding must name;
// nullopt for a statement this reading does not know (the test then fails: nothing is skipped silently).
std::optional<std::vector<std::string>> objects_of(const std::string& statement) {
  static const std::string q = R"re((?:"[^"]+"\.)?"([^"]+)")re";  // optionally schema-qualified
  static const std::vector<std::pair<std::regex, std::vector<int>>> patterns = {
      {std::regex("^ALTER TABLE " + q + " RENAME CONSTRAINT \"([^\"]+)\" TO \"([^\"]+)\""), {2, 3}},
      {std::regex("^ALTER TABLE " + q + " (?:ADD|DROP) CONSTRAINT \"([^\"]+)\""), {2}},
      {std::regex("^ALTER INDEX " + q + " RENAME TO \"([^\"]+)\""), {1, 2}},
      {std::regex("^(?:DROP|CREATE)(?: UNIQUE)? INDEX " + q), {1}},
      {std::regex("^(?:CREATE|DROP) TABLE " + q), {1}},
      {std::regex("^(?:CREATE|ALTER|DROP) TYPE " + q), {1}},
  };
  std::smatch m;
  for (const auto& [re, groups] : patterns) {
    if (!std::regex_search(statement, m, re)) continue;
    std::vector<std::string> out;
    for (int g : groups) out.push_back(m[g].str());
    return out;
  }
  // ALTER TABLE "T" ADD COLUMN "a" …, ALTER COLUMN "b" …, DROP COLUMN "c": the table and each column.
  static const std::regex table("^ALTER TABLE " + q);
  static const std::regex column(R"re((?:ADD|ALTER|DROP) COLUMN\s+"([^"]+)")re");
  if (std::regex_search(statement, m, table)) {
    std::vector<std::string> out{m[1].str()};
    for (auto it = std::sregex_iterator(statement.begin(), statement.end(), column); it != std::sregex_iterator(); ++it)
      out.push_back((*it)[1].str());
    if (out.size() > 1) return out;
  }
  return std::nullopt;
}

// The statements of prisma-drift.txt's script (after its `---- stdout ----` line), without comments.
std::vector<std::string> prisma_statements(const std::string& text) {
  std::vector<std::string> out;
  size_t at = text.find("---- stdout ----");
  if (at == std::string::npos) return out;
  std::istringstream in(text.substr(at));
  std::string line, cur;
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (line.rfind("--", 0) == 0) continue;
    cur += (cur.empty() ? "" : " ") + line;
    if (!line.empty() && line.back() == ';') {
      size_t b = cur.find_first_not_of(" \t");
      out.push_back(b == std::string::npos ? "" : cur.substr(b));
      cur.clear();
    }
  }
  return out;
}

TEST(SchemaDrift, EveryObjectPrismaWouldChangeIsReported) {
  SG_REQUIRE_SHARED();
  int corpora = 0;
  for (const auto& c : test::corpora()) {
    fs::path gt = test::shared_dir() / "groundtruth" / c / "prisma-drift.txt";
    if (!fs::exists(gt)) continue;
    std::vector<std::string> statements = prisma_statements(test::read_file(gt));
    auto r = drift_of(test::shared_dir() / "corpus" / c / "migrations", test::shared_dir() / "corpus" / c / "schema");
    int covered = 0, counted = 0;
    for (const auto& st : statements) {
      if (st.rfind("CREATE EXTENSION", 0) == 0) continue;  // an artefact of the offline engine, not drift
      ++counted;
      auto names = objects_of(st);
      if (!names) {
        ADD_FAILURE() << c << ": a statement of Prisma's diff this test cannot read: " << st;
        continue;
      }
      bool found = std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) {
        return std::all_of(names->begin(), names->end(),
                           [&](const std::string& n) { return f.message.find("`" + n + "`") != std::string::npos; });
      });
      covered += found;
      if (!found) ADD_FAILURE() << c << ": no finding names what Prisma's diff does here: " << st;
    }
    ++corpora;
    std::printf("[ drift    ] %-28s %d/%d statements of Prisma's diff reported\n", c.c_str(), covered, counted);
  }
  if (corpora == 0) GTEST_SKIP() << "no prisma-drift.txt in ../shared/groundtruth";
}

TEST(SchemaDrift, CorpusVerdictsMatchPrisma) {
  SG_REQUIRE_SHARED();
  int compared = 0, agree = 0, quiet_when_prisma_quiet = 0, prisma_quiet = 0;
  for (const auto& c : test::corpora()) {
    fs::path gt = test::shared_dir() / "groundtruth" / c / "prisma-drift.verdict";
    if (!fs::exists(gt)) continue;
    std::string verdict = test::read_file(gt);
    verdict.erase(verdict.find_last_not_of(" \n\r\t") + 1);
    auto r = drift_of(test::shared_dir() / "corpus" / c / "migrations", test::shared_dir() / "corpus" / c / "schema");
    bool ours = !r.findings.empty();
    ++compared;
    agree += ours == (verdict == "drift");
    if (verdict == "none") {
      ++prisma_quiet;
      quiet_when_prisma_quiet += !ours;
    }
    std::printf("[ drift    ] %-28s prisma=%-5s schemagate=%zu finding(s)\n", c.c_str(), verdict.c_str(), r.findings.size());
    if (verdict == "none")
      for (const auto& f : r.findings) std::printf("             false drift: %s %s\n", f.rule.c_str(), f.message.c_str());
  }
  std::printf("[ drift    ] verdicts agree on %d/%d corpora; silent on %d/%d where Prisma sees none\n", agree, compared,
              quiet_when_prisma_quiet, prisma_quiet);
  EXPECT_EQ(agree, compared);
}

}  // namespace
