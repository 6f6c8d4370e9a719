// parse_sql_in_parts hands a file over in parts that, joined, are exactly what parse_sql returns: the same
// statements with the same numbers and spans, the same comments, errors and split count.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/sql/parse.hpp"
#include "support/test_support.hpp"

namespace sg::sql {
namespace {

void expect_parts_join_to_whole(const std::string& text, uint32_t part_bytes, size_t min_parts = 1) {
  const ParsedFile whole = parse_sql(text);
  ParsedFile joined;
  size_t parts = 0;
  parse_sql_in_parts(text, part_bytes, [&](ParsedFile&& part) {
    ++parts;
    for (auto& st : part.statements) joined.statements.push_back(std::move(st));
    for (auto& c : part.comments) joined.comments.push_back(std::move(c));
    for (auto& e : part.errors) joined.errors.push_back(std::move(e));
    joined.split_count += part.split_count;
    return true;
  });
  EXPECT_GE(parts, min_parts);
  ASSERT_EQ(joined.statements.size(), whole.statements.size());
  for (size_t i = 0; i < whole.statements.size(); ++i) {
    const Statement &a = whole.statements[i], &b = joined.statements[i];
    ASSERT_EQ(b.index, a.index) << i;
    ASSERT_EQ(b.node, a.node) << i;
    ASSERT_EQ(b.span.begin, a.span.begin) << i;
    ASSERT_EQ(b.span.end, a.span.end) << i;
    ASSERT_EQ(b.body.index(), a.body.index()) << i;
    ASSERT_EQ(b.may_have_long_name, a.may_have_long_name) << i;
  }
  ASSERT_EQ(joined.comments.size(), whole.comments.size());
  for (size_t i = 0; i < whole.comments.size(); ++i) {
    EXPECT_EQ(joined.comments[i].span.begin, whole.comments[i].span.begin);
    EXPECT_EQ(joined.comments[i].text, whole.comments[i].text);
  }
  ASSERT_EQ(joined.errors.size(), whole.errors.size());
  for (size_t i = 0; i < whole.errors.size(); ++i) {
    EXPECT_EQ(joined.errors[i].message, whole.errors[i].message);
    EXPECT_EQ(joined.errors[i].offset, whole.errors[i].offset);
    EXPECT_EQ(joined.errors[i].statement.begin, whole.errors[i].statement.begin);
  }
  EXPECT_EQ(joined.split_count, whole.split_count);
}

// About 1.5 MB of Prisma-style SQL (several of the parser's chunks) with comments, a bad statement, a
// dollar-quoted body holding semicolons and long seed data.
std::string long_history() {
  std::string sql;
  for (int i = 0; i < 6000; ++i) {
    const std::string t = "\"T" + std::to_string(i) + "\"";
    sql += "-- CreateTable\nCREATE TABLE " + t + " (\"id\" SERIAL NOT NULL, \"name\" TEXT, CONSTRAINT \"T" +
           std::to_string(i) + "_pkey\" PRIMARY KEY (\"id\"));\n";
    sql += "/* index */ CREATE INDEX \"T" + std::to_string(i) + "_name_idx\" ON " + t + "(\"name\");\n";
    if (i % 1000 == 500) sql += "ALTER TABLEE " + t + " ADD COLUMN \"x\" INT;\n";
    if (i % 1000 == 700)
      sql += "CREATE FUNCTION f" + std::to_string(i) + "() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\n";
    if (i % 2000 == 1000) {
      sql += "INSERT INTO " + t + " (\"name\") VALUES ('a')";
      for (int r = 0; r < 800; ++r) sql += ", ('row " + std::to_string(r) + "')";
      sql += ";\n";
    }
  }
  return sql;
}

TEST(ParseInParts, JoinedPartsAreTheWholeParse) {
  const std::string sql = long_history();
  ASSERT_GT(sql.size(), 1u << 20);
  expect_parts_join_to_whole(sql, 1, 4);          // one chunk a part
  expect_parts_join_to_whole(sql, 600u << 10, 2);  // a few chunks a part
  expect_parts_join_to_whole(sql, UINT32_MAX);     // one part
}

TEST(ParseInParts, EmptyFilesAndNulBytes) {
  expect_parts_join_to_whole("", 1);
  expect_parts_join_to_whole("-- only a comment\n", 1);
  std::string with_nul = long_history();
  with_nul.insert(with_nul.size() / 2, std::string(1, '\0'));
  expect_parts_join_to_whole(with_nul, 1, 2);
}

TEST(ParseInParts, CorpusFiles) {
  SG_REQUIRE_SHARED();
  size_t files = 0;
  for (const auto& corpus : test::corpora())
    for (const auto& e : std::filesystem::recursive_directory_iterator(test::shared_dir() / "corpus" / corpus))
      if (e.path().filename() == "migration.sql") {
        SCOPED_TRACE(e.path().string());
        expect_parts_join_to_whole(test::read_file(e.path()), 1);
        ++files;
      }
  EXPECT_GT(files, 100u);
}

}  // namespace
}  // namespace sg::sql
