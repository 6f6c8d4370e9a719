// Syntax-error recovery in the SQL front end: in a file PostgreSQL rejects, every statement is either
// parsed or reported exactly once, at the position PostgreSQL reports for it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/sql/parse.hpp"
#include "support/test_support.hpp"

namespace sg::sql {
namespace {

std::string_view slice(std::string_view text, Span s) { return text.substr(s.begin, s.end - s.begin); }

// One statement of the file, in order: parsed (node set) or an error.
struct Want {
  std::string text;     // the statement's span, exactly
  std::string node;     // parsed: libpg_query's node name; empty for an error
  std::string at;       // error: at the first occurrence of this from the statement's start (kEof: the file's end)
  std::string message;  // error: a part of PostgreSQL's message
};
const char* const kEof = "<end of file>";

Want ok(std::string text, std::string node) { return Want{std::move(text), std::move(node), "", ""}; }
Want bad(std::string text, std::string at, std::string message) {
  return Want{std::move(text), "", std::move(at), std::move(message)};
}

// Statements and errors merged in file order must be exactly `want`, and the counts must add up.
void expect_file(const std::string& sql, const std::vector<Want>& want) {
  SCOPED_TRACE(sql.size() > 300 ? sql.substr(0, 300) + "..." : sql);
  const ParsedFile f = parse_sql(sql);
  struct Got {
    Span span;
    const Statement* statement = nullptr;
    const SyntaxError* error = nullptr;
  };
  std::vector<Got> got;
  for (const Statement& s : f.statements) got.push_back(Got{s.span, &s, nullptr});
  for (const SyntaxError& e : f.errors) got.push_back(Got{e.statement, nullptr, &e});
  std::stable_sort(got.begin(), got.end(), [](const Got& a, const Got& b) { return a.span.begin < b.span.begin; });
  EXPECT_EQ(f.split_count, got.size());
  ASSERT_EQ(got.size(), want.size()) << f.statements.size() << " statements, " << f.errors.size() << " errors";
  size_t searched_to = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE("statement " + std::to_string(i) + ": " + want[i].text);
    const Got& g = got[i];
    EXPECT_EQ(slice(sql, g.span), want[i].text);
    if (i > 0) EXPECT_LE(got[i - 1].span.end, g.span.begin) << "overlapping statements";
    const size_t begin = sql.find(want[i].text, searched_to);
    ASSERT_NE(begin, std::string::npos);
    searched_to = begin + want[i].text.size();
    if (!want[i].node.empty()) {
      ASSERT_NE(g.statement, nullptr) << "reported as an error: " << (g.error ? g.error->message : "");
      EXPECT_EQ(g.statement->node, want[i].node);
    } else {
      ASSERT_NE(g.error, nullptr) << "parsed as " << (g.statement ? g.statement->node : "");
      const size_t at = want[i].at == kEof ? sql.size() : sql.find(want[i].at, begin);
      EXPECT_EQ(g.error->offset, at) << g.error->message;
      EXPECT_NE(g.error->message.find(want[i].message), std::string::npos) << g.error->message;
    }
  }
}

TEST(SqlRecovery, ErrorInTheFirstStatement) {
  expect_file("SELEC 1;\nSELECT 2;\nSELECT 3;",
              {bad("SELEC 1", "SELEC", "syntax error at or near \"SELEC\""), ok("SELECT 2", "SelectStmt"),
               ok("SELECT 3", "SelectStmt")});
}

TEST(SqlRecovery, ErrorInTheLastStatementWithoutSemicolon) {
  expect_file("SELECT 1;\nSELECT 2;\n-- trailing\nDROP TABLE  \n",
              {ok("SELECT 1", "SelectStmt"), ok("SELECT 2", "SelectStmt"),
               bad("DROP TABLE", kEof, "syntax error at end of input")});
}

TEST(SqlRecovery, ErrorJustBeforeTheSemicolonHasPostgresMessage) {
  // Sent whole (as Prisma does), PostgreSQL says `at or near ";"`, not `at end of input`.
  expect_file("CREATE TABLE a (x int);\nDROP TABLE;\nSELECT 3;",
              {ok("CREATE TABLE a (x int)", "CreateStmt"), bad("DROP TABLE", ";", "syntax error at or near \";\""),
               ok("SELECT 3", "SelectStmt")});
}

TEST(SqlRecovery, StatementsWithoutAnyKeywordAreReported) {
  // libpg_query's own splitter drops these silently: they hold no keyword.
  expect_file("foo;\nSELECT 1;\n42;\nbar baz;\n\"quoted\";",
              {bad("foo", "foo", "syntax error"), ok("SELECT 1", "SelectStmt"), bad("42", "42", "syntax error"),
               bad("bar baz", "bar", "syntax error"), bad("\"quoted\"", "\"quoted\"", "syntax error")});
}

TEST(SqlRecovery, EmptyStatementsAndCommentsBetweenErrors) {
  expect_file(";;\n-- c\n;SELEC;\n/* x */ ;\nSELECT 1;;",
              {bad("SELEC", "SELEC", "syntax error"), ok("SELECT 1", "SelectStmt")});
}

TEST(SqlRecovery, OneClosingParenthesisTooMany) {
  expect_file("SELECT 1);\nSELECT 2;\nSELEC 3;",
              {bad("SELECT 1)", ")", "syntax error at or near \")\""), ok("SELECT 2", "SelectStmt"),
               bad("SELEC 3", "SELEC", "syntax error")});
}

TEST(SqlRecovery, ParenthesisNeverClosedEndsAtTheFirstSemicolonAfterTheError) {
  // psql would read everything after the '(' as one statement.
  const std::string sql = "INSERT INTO t (a, b VALUES (1, 2);\nSELECT 3;\nSELEC 4;\nSELECT 5;";
  expect_file(sql, {bad("INSERT INTO t (a, b VALUES (1, 2)", "VALUES", "syntax error at or near \"VALUES\""),
                    ok("SELECT 3", "SelectStmt"), bad("SELEC 4", "SELEC", "syntax error"),
                    ok("SELECT 5", "SelectStmt")});
}

TEST(SqlRecovery, ParenthesisClosedOnlyByALaterStatement) {
  expect_file("SELECT (1;\nSELECT 2);\nSELECT 3;",
              {bad("SELECT (1", ";", "syntax error at or near \";\""), bad("SELECT 2)", ")", "syntax error"),
               ok("SELECT 3", "SelectStmt")});
}

TEST(SqlRecovery, ManyUnclosedParenthesesEachReported) {
  // Each recovery step must not reparse the rest of the file (this would be quadratic).
  std::string sql;
  const int n = 3000;
  for (int i = 0; i < n; ++i) sql += "SELECT (" + std::to_string(i) + ";\n";
  sql += "SELECT 'last';";
  const ParsedFile f = parse_sql(sql);
  ASSERT_EQ(f.errors.size(), static_cast<size_t>(n));
  ASSERT_EQ(f.statements.size(), 1u);
  EXPECT_EQ(slice(sql, f.statements[0].span), "SELECT 'last'");
  EXPECT_EQ(slice(sql, f.errors[1234].statement), "SELECT (1234");
  EXPECT_EQ(f.errors[1234].offset, sql.find("(1234;") + 5);
  EXPECT_EQ(f.split_count, static_cast<uint32_t>(n + 1));
}

TEST(SqlRecovery, DollarQuotedBodiesAreNotSplitAtTheirSemicolons) {
  // PostgreSQL's grammar does not look inside PL/pgSQL bodies: their bad SQL is not a syntax error here.
  const std::string sql =
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN SELEC 1; RETURN NEW; END $$;\n"
      "CREATE TABLEE x ();\n"
      "DO $body$ BEGIN PERFORM ';'; /* ; */ END $body$;\n"
      "SELECT $q$ ; $$ ; $q$;";
  expect_file(sql, {ok("CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN SELEC 1; RETURN NEW; END $$",
                       "CreateFunctionStmt"),
                    bad("CREATE TABLEE x ()", "TABLEE", "syntax error"),
                    ok("DO $body$ BEGIN PERFORM ';'; /* ; */ END $body$", "DoStmt"),
                    ok("SELECT $q$ ; $$ ; $q$", "SelectStmt")});
}

TEST(SqlRecovery, SqlStandardBodyStaysOneStatementNextToAnError) {
  const std::string body = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true "
                           "THEN 2 END; END";
  expect_file(body + ";\nSELEC 3;\nSELECT 4;",
              {ok(body, "CreateFunctionStmt"), bad("SELEC 3", "SELEC", "syntax error"), ok("SELECT 4", "SelectStmt")});
}

TEST(SqlRecovery, ErrorInsideSqlStandardBodyIsOneError) {
  // Cutting at the ';' PostgreSQL rejects would turn the body's `END` into a phantom COMMIT.
  const std::string body =
      "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT 1 +; SELECT 2; END";
  expect_file(body + ";\nSELECT 3;",
              {bad(body, "; SELECT 2", "syntax error at or near \";\""), ok("SELECT 3", "SelectStmt")});
}

TEST(SqlRecovery, UnterminatedStringCommentAndQuotesSwallowTheRest) {
  expect_file("SELECT 1;\nINSERT INTO a VALUES ('oops);\nSELECT 3;\n",
              {ok("SELECT 1", "SelectStmt"),
               bad("INSERT INTO a VALUES ('oops);\nSELECT 3;\n", "'oops", "unterminated quoted string")});
  expect_file("SELECT 1;\nSELECT 2 /* never closed;\nSELECT 3;",
              {ok("SELECT 1", "SelectStmt"), bad("SELECT 2", "/*", "unterminated /* comment")});
  expect_file("SELECT 1;\nDO $$ BEGIN\nSELECT 3;",
              {ok("SELECT 1", "SelectStmt"), bad("DO $$ BEGIN\nSELECT 3;", "$$", "unterminated dollar-quoted string")});
  expect_file("SELEC 0;\nSELECT \"abc FROM t;\nSELECT 2;",
              {bad("SELEC 0", "SELEC", "syntax error"),
               bad("SELECT \"abc FROM t;\nSELECT 2;", "\"abc", "unterminated quoted identifier")});
}

TEST(SqlRecovery, LexerErrorsThatDoNotSwallowTheRest) {
  expect_file("SELECT 1;\nSELECT \"\" FROM t;\nSELECT 0x;\nSELECT 4;",
              {ok("SELECT 1", "SelectStmt"), bad("SELECT \"\" FROM t", "\"\"", "zero-length delimited identifier"),
               bad("SELECT 0x", "0x", "trailing junk"), ok("SELECT 4", "SelectStmt")});
}

TEST(SqlRecovery, MultibyteTextBeforeErrorsInLaterStatements) {
  expect_file("COMMENT ON TABLE t IS 'ééé';\nSELEC 'ü';\nSELECT 'ö' FROMM t;",
              {ok("COMMENT ON TABLE t IS 'ééé'", "CommentStmt"), bad("SELEC 'ü'", "SELEC", "syntax error"),
               bad("SELECT 'ö' FROMM t", "t;", "syntax error at or near \"t\"")});
}

TEST(SqlRecovery, NulByteIsReportedOnceForItsStatement) {
  std::string sql = "SELECT 1;\nSELEC 2;\n/* c */ SELECT 3x;\nSELECT 4;";
  sql[sql.find('x')] = '\0';
  const ParsedFile f = parse_sql(sql);
  ASSERT_EQ(f.statements.size(), 1u);
  ASSERT_EQ(f.errors.size(), 2u);
  EXPECT_EQ(slice(sql, f.errors[0].statement), "SELEC 2");
  EXPECT_EQ(f.errors[1].offset, sql.find('\0'));
  EXPECT_EQ(f.errors[1].statement.begin, sql.find("SELECT 3"));
  EXPECT_EQ(f.errors[1].statement.end, sql.size());
  EXPECT_EQ(f.split_count, 3u);
}

TEST(SqlRecovery, LargeFileWithErrorsAcrossChunks) {
  // About 2.5 MB: several 1 MB chunks. A parenthesis left open must not make the rest one chunk or
  // one error, and an unterminated string at the very end costs only the last statement.
  const std::string filler(1000, 'x');
  std::string sql;
  std::vector<Want> want;
  for (int i = 0; i < 2500; ++i) {
    const std::string stmt = "SELECT '" + filler + "', " + std::to_string(i);
    sql += stmt + ";\n";
    want.push_back(ok(stmt, "SelectStmt"));
    if (i == 700) {
      sql += "SELECT (1 FROM t;\n";
      want.push_back(bad("SELECT (1 FROM t", "FROM", "syntax error at or near \"FROM\""));
    }
    if (i == 1800) {
      sql += "SELEC 2;\n";
      want.push_back(bad("SELEC 2", "SELEC", "syntax error"));
    }
  }
  sql += "SELECT 'unterminated;\n";
  want.push_back(bad("SELECT 'unterminated;\n", "'unterminated", "unterminated quoted string"));
  expect_file(sql, want);
}

// Real histories hold every shape the splitter must get right (functions, DO blocks, BEGIN ATOMIC,
// comments, quoted names): with one bad statement appended, recovery must find exactly the statements
// the single whole-file parse found.
TEST(SqlRecovery, CorpusFilesSplitLikeTheWholeFileParse) {
  SG_REQUIRE_SHARED();
  size_t files = 0;
  for (const std::string& corpus : test::corpora()) {
    const std::filesystem::path root = test::shared_dir() / "corpus" / corpus / "migrations";
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
      if (!e.is_regular_file() || e.path().filename() != "migration.sql") continue;
      SCOPED_TRACE(e.path().string());
      const std::string text = test::read_file(e.path());
      const ParsedFile whole = parse_sql(text);
      if (!whole.errors.empty()) continue;
      // A line break and a ';' first: some files end inside a line comment, or without a ';'.
      const std::string broken = text + "\n;\nSELEC;\n";
      const ParsedFile recovered = parse_sql(broken);
      ASSERT_EQ(recovered.errors.size(), 1u) << recovered.errors[0].message;
      EXPECT_EQ(recovered.errors[0].offset, text.size() + 3);
      ASSERT_EQ(recovered.statements.size(), whole.statements.size());
      for (size_t i = 0; i < whole.statements.size(); ++i) {
        EXPECT_EQ(recovered.statements[i].node, whole.statements[i].node);
        EXPECT_EQ(recovered.statements[i].span, whole.statements[i].span) << recovered.statements[i].node;
      }
      EXPECT_EQ(recovered.comments.size(), whole.comments.size());
      ++files;
    }
  }
  EXPECT_GT(files, 1000u);
}

}  // namespace
}  // namespace sg::sql
