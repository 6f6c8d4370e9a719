// Long INSERT … VALUES seed data (analyzer/sql/values_tail.hpp): which statements have rows the parser may leave
// out of libpg_query's JSON, and that the parse of a file is the same either way, errors included.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analyzer/sql/parse.hpp"
#include "analyzer/sql/values_tail.hpp"

namespace sg::sql {
namespace {

std::string_view slice(std::string_view text, Span s) { return text.substr(s.begin, s.end - s.begin); }

// `rows` rows of seed data, each about 40 bytes, after a first row "(0, 'first')".
std::string rows(int n, const std::string& bad_row = {}, int bad_at = -1) {
  std::string out = "(0, 'first')";
  for (int i = 1; i <= n; ++i) {
    out += ",\n  ";
    out += i == bad_at ? bad_row : "(" + std::to_string(i) + ", 'row number " + std::to_string(i) + " é')";
  }
  return out;
}

std::vector<ValuesTail> tails_of(const std::string& sql, uint32_t min_bytes = 100) {
  TokenIndex tokens = lex_sql(sql, 0, static_cast<uint32_t>(sql.size()));
  return long_values_tails(sql, tokens, 0, static_cast<uint32_t>(sql.size()), min_bytes);
}

TEST(ValuesTail, FindsThePlainFormOnly) {
  const std::string many = rows(20);
  const std::string sql =
      "CREATE TABLE t (id int, v text);\n"
      "INSERT INTO t VALUES " + many + ";\n"                                             // 1: found
      "INSERT INTO \"s\".\"T\" AS x (id, v) OVERRIDING SYSTEM VALUE VALUES " + many +
      " ON CONFLICT (id) DO UPDATE SET v = (EXCLUDED.v) RETURNING id;\n"                  // 2: found, with its tail
      "insert /* c */ into t values (1, 'a'), (2, 'b');\n"                               // short: not found
      "WITH w AS (SELECT 1) INSERT INTO t VALUES " + many + ";\n"                        // not the plain form
      "INSERT INTO t SELECT * FROM (VALUES " + many + ") v;\n"                           // a query
      "CREATE FUNCTION f() RETURNS void LANGUAGE sql BEGIN ATOMIC\n"                     // in a routine's body:
      "  INSERT INTO t VALUES " + many + ";\n  INSERT INTO t VALUES " + many + ";\nEND;\n"  // not statements
      "SELECT 1; INSERT INTO t (id) VALUES " + many;                                     // 3: no ';' at the end
  std::vector<ValuesTail> found = tails_of(sql);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(slice(sql, found[0].statement), "INSERT INTO t VALUES " + many + ";");
  EXPECT_EQ(slice(sql, found[0].tail), many.substr(std::string("(0, 'first')").size()));
  EXPECT_TRUE(slice(sql, found[1].statement).ends_with("RETURNING id;"));
  EXPECT_EQ(slice(sql, found[1].tail), many.substr(std::string("(0, 'first')").size()));
  EXPECT_EQ(slice(sql, found[2].statement), "INSERT INTO t (id) VALUES " + many);
  // The short one is below the size asked for.
  EXPECT_EQ(tails_of(sql, 1u << 20).size(), 0u);
}

TEST(ValuesTail, ChecksAStatementAloneWithPostgresGrammar) {
  EXPECT_TRUE(parses_alone("INSERT INTO t VALUES " + rows(5) + ";"));
  EXPECT_FALSE(parses_alone("INSERT INTO t VALUES " + rows(5, "(6, 'x' 'y' oops)", 3) + ";"));
  EXPECT_FALSE(parses_alone("SELECT 1; SELECT 2;"));  // two statements
}

// The IR of a file with long seed data: the INSERT keeps its whole span, its table and its kind, and the other
// statements are untouched.
TEST(ValuesTail, ParseKeepsEveryStatementWhole) {
  const std::string insert = "INSERT INTO \"public\".\"Country\" (id, name) VALUES " + rows(400) + ";";
  const std::string sql = "CREATE TABLE \"Country\" (id int, name text);\n" + insert + "\nDROP TABLE x;";
  ParsedFile f = parse_sql(sql);
  ASSERT_TRUE(f.errors.empty()) << f.errors[0].message;
  ASSERT_EQ(f.statements.size(), 3u);
  EXPECT_EQ(slice(sql, f.statements[1].span), insert.substr(0, insert.size() - 1));
  const auto* ins = std::get_if<Insert>(&f.statements[1].body);
  ASSERT_NE(ins, nullptr);
  EXPECT_EQ(ins->table.schema, "public");
  EXPECT_EQ(ins->table.name, "Country");
  EXPECT_EQ(ins->table.span.begin, sql.find("\"public\""));
  EXPECT_FALSE(ins->has_select);
  EXPECT_TRUE(std::holds_alternative<DropObjects>(f.statements[2].body));
  EXPECT_EQ(slice(sql, f.statements[2].span), "DROP TABLE x");
}

// A bad row late in a long INSERT is reported where PostgreSQL reports it, not hidden by the blanking.
TEST(ValuesTail, ErrorInALaterRowIsReportedAtItsPlace) {
  const std::string sql = "CREATE TABLE t (id int);\nINSERT INTO t VALUES " + rows(300, "(7, 'x' oops)", 250) +
                          ";\nCREATE TABLE u (id int);";
  ParsedFile f = parse_sql(sql);
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_EQ(f.errors[0].offset, sql.find("oops"));
  EXPECT_NE(f.errors[0].message.find("syntax error"), std::string::npos);
  ASSERT_EQ(f.statements.size(), 2u);  // the two CREATE TABLEs
}

// An error in another statement after blanked rows that held multi-byte characters: PostgreSQL counts its
// position in characters, so it must come from the text as it is.
TEST(ValuesTail, ErrorElsewhereKeepsItsExactPosition) {
  const std::string sql = "INSERT INTO t VALUES " + rows(300) + ";\nSELEC 1;\nSELECT 2;";
  ParsedFile f = parse_sql(sql);
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_EQ(f.errors[0].offset, sql.find("SELEC 1"));
  ASSERT_EQ(f.statements.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<Insert>(f.statements[0].body));
}

}  // namespace
}  // namespace sg::sql
