// Every migration.sql of every corpus under ../shared/corpus through the SQL front end: no statement
// may be lost, spans must be sane, and comments must match PostgreSQL's own scanner.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "analyzer/sql/parse.hpp"
#include "analyzer/sql/pg_query_handle.hpp"
#include "analyzer/sql/scanner_comments.hpp"
#include "support/test_support.hpp"

namespace sg::sql {
namespace {
namespace fs = std::filesystem;

std::vector<fs::path> migration_files(const std::string& corpus) {
  std::vector<fs::path> files;
  const fs::path root = test::shared_dir() / "corpus" / corpus / "migrations";
  if (!fs::exists(root)) return files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().filename() == "migration.sql") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

bool overlaps(Span a, Span b) { return a.begin < b.end && b.begin < a.end; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

struct CorpusCounts {
  size_t files = 0;
  size_t statements = 0;
  size_t scanner_statements = 0;
  size_t errors = 0;
  size_t comments = 0;
  std::map<std::string, size_t> other_nodes;
  std::vector<std::string> error_samples;
};

TEST(CorpusParse, NoStatementIsLostAndSpansAreExact) {
  SG_REQUIRE_SHARED();
  const std::vector<std::string> corpora = test::corpora();
  ASSERT_FALSE(corpora.empty());
  size_t total_files = 0;
  for (const std::string& corpus : corpora) {
    CorpusCounts counts;
    for (const fs::path& path : migration_files(corpus)) {
      SCOPED_TRACE(path.string());
      const std::string text = test::read_file(path);
      ParsedFile parsed = parse_sql(text);
      ++counts.files;
      counts.statements += parsed.statements.size();
      counts.errors += parsed.errors.size();
      counts.comments += parsed.comments.size();
      for (const SyntaxError& e : parsed.errors) {
        if (counts.error_samples.size() < 5)
          counts.error_samples.push_back(path.parent_path().filename().string() + ": " + e.message);
      }
      for (const Statement& s : parsed.statements)
        if (std::holds_alternative<OtherStatement>(s.body)) ++counts.other_nodes[s.node];

      EXPECT_EQ(parsed.statements.size() + parsed.errors.size(), parsed.split_count);

      // Spans: inside the file, in order, without surrounding space or the ';'.
      for (size_t i = 0; i < parsed.statements.size(); ++i) {
        const Span s = parsed.statements[i].span;
        ASSERT_LE(s.end, text.size());
        ASSERT_LT(s.begin, s.end) << parsed.statements[i].node;
        EXPECT_FALSE(is_space(text[s.begin]));
        EXPECT_FALSE(is_space(text[s.end - 1]));
        EXPECT_NE(text[s.end - 1], ';');
        EXPECT_EQ(parsed.statements[i].index, i);
        if (i > 0) {
          EXPECT_LE(parsed.statements[i - 1].span.end, s.begin);
        }
      }

      // Independently: the scanner's statements, each covered by a statement or an error.
      PgSplit split(text.c_str());
      if (!split.ok()) {
        EXPECT_FALSE(parsed.errors.empty()) << "the scanner fails on this file but parse_sql reports no error";
        continue;
      }
      counts.scanner_statements += static_cast<size_t>(split.size());
      // A parser statement can span several scanner pieces (BEGIN ATOMIC ... END bodies hold ";").
      EXPECT_LE(parsed.split_count, static_cast<size_t>(split.size()));
      for (int i = 0; i < split.size(); ++i) {
        const Span piece{static_cast<uint32_t>(split.location(i)),
                         static_cast<uint32_t>(split.location(i) + split.length(i))};
        bool covered = false;
        for (const Statement& s : parsed.statements) covered = covered || overlaps(s.span, piece);
        for (const SyntaxError& e : parsed.errors) covered = covered || overlaps(e.statement, piece);
        EXPECT_TRUE(covered) << "statement lost: " << text.substr(piece.begin, std::min<size_t>(80, piece.end - piece.begin));
      }
    }
    total_files += counts.files;
    std::cout << "[corpus] " << corpus << ": files=" << counts.files << " statements=" << counts.statements
              << " scanner_statements=" << counts.scanner_statements << " errors=" << counts.errors
              << " comments=" << counts.comments << " other_nodes={";
    bool first = true;
    for (const auto& [node, n] : counts.other_nodes) {
      std::cout << (first ? "" : ", ") << node << ":" << n;
      first = false;
    }
    std::cout << "}\n";
    for (const std::string& e : counts.error_samples) std::cout << "    error: " << e << "\n";
  }
  EXPECT_GT(total_files, 1000u);
}

// The front end lexes comments itself (PostgreSQL's scanner through pg_query_scan costs as much as a
// parse): on real files both must see exactly the same comments.
TEST(CorpusParse, CommentsMatchPostgresScanner) {
  SG_REQUIRE_SHARED();
  size_t compared = 0;
  for (const std::string& corpus : test::corpora()) {
    for (const fs::path& path : migration_files(corpus)) {
      SCOPED_TRACE(path.string());
      const std::string text = test::read_file(path);
      std::optional<std::vector<Span>> expected = pg_scanner_comment_spans(text);
      if (!expected) continue;  // a lexer error: covered by the test above
      ParsedFile parsed = parse_sql(text);
      std::vector<Span> actual;
      for (const SqlComment& c : parsed.comments) actual.push_back(c.span);
      ASSERT_EQ(actual.size(), expected->size());
      for (size_t i = 0; i < actual.size(); ++i) {
        EXPECT_EQ(actual[i].begin, (*expected)[i].begin);
        EXPECT_EQ(actual[i].end, (*expected)[i].end);
      }
      ++compared;
    }
  }
  EXPECT_GT(compared, 1000u);
}

}  // namespace
}  // namespace sg::sql
