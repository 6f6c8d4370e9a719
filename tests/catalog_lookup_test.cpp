// Catalog::table goes through a hash index of positions: it must find what a scan finds after tables are
// added, dropped and re-added in the same slot, renamed, moved, sorted and copied.
#include <gtest/gtest.h>

#include <string>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/history/history.hpp"
#include "analyzer/replay/replay.hpp"
#include "analyzer/sql/parse.hpp"
#include "reporters/json_dump.hpp"

namespace {

using sg::catalog::Catalog;
using sg::catalog::Table;

Table table(std::string schema, std::string name) {
  Table t;
  t.schema = std::move(schema);
  t.name = std::move(name);
  return t;
}

Catalog with_tables(int n) {
  Catalog c;
  for (int i = 0; i < n; ++i) c.tables.push_back(table("public", "t" + std::to_string(i)));
  return c;
}

TEST(CatalogLookup, FindsEveryTableAndMissesOthers) {
  Catalog c = with_tables(100);
  for (int i = 0; i < 100; ++i) {
    const Table* t = c.table("public", "t" + std::to_string(i));
    ASSERT_NE(t, nullptr) << i;
    EXPECT_EQ(t->name, "t" + std::to_string(i));
  }
  EXPECT_EQ(c.table("public", "t100"), nullptr);
  EXPECT_EQ(c.table("other", "t1"), nullptr);
}

TEST(CatalogLookup, DropAndCreateInTheSameSlot) {
  Catalog c = with_tables(20);
  ASSERT_NE(c.table("public", "t5"), nullptr);  // the index is built here
  c.tables.erase(c.tables.begin() + 5);
  c.tables.push_back(table("public", "fresh"));  // same size, same storage
  c.table_names_changed();
  EXPECT_EQ(c.table("public", "t5"), nullptr);
  ASSERT_NE(c.table("public", "fresh"), nullptr);
  EXPECT_EQ(c.table("public", "t19")->name, "t19");
}

TEST(CatalogLookup, GrowingVectorIsSeenWithoutNotice) {
  Catalog c = with_tables(10);
  ASSERT_NE(c.table("public", "t3"), nullptr);
  for (int i = 10; i < 50; ++i) {
    c.tables.push_back(table("public", "t" + std::to_string(i)));
    ASSERT_NE(c.table("public", "t" + std::to_string(i)), nullptr) << i;
  }
}

TEST(CatalogLookup, SortAndCopy) {
  Catalog c;
  for (int i = 30; i > 0; --i) c.tables.push_back(table(i % 2 ? "a" : "b", "t" + std::to_string(i)));
  ASSERT_NE(c.table("a", "t1"), nullptr);
  sg::catalog::sort_catalog(c);  // reorders in place
  EXPECT_EQ(c.table("a", "t1")->name, "t1");
  EXPECT_EQ(c.table("b", "t30")->schema, "b");
  Catalog copy = c;
  copy.tables[0].name = "renamed";
  copy.table_names_changed();
  EXPECT_EQ(copy.table(copy.tables[0].schema, "renamed"), &copy.tables[0]);
  EXPECT_NE(c.table(c.tables[0].schema, c.tables[0].name), nullptr);  // the original is untouched
  EXPECT_EQ(c.table(c.tables[0].schema, "renamed"), nullptr);
}

// The replay calls table_names_changed() after each statement that can rename, move, drop or add a table.
TEST(CatalogLookup, ReplayKeepsLookupsRightThroughRenamesAndDrops) {
  std::string sql;
  for (int i = 0; i < 30; ++i) sql += "CREATE TABLE t" + std::to_string(i) + " (id int);\n";
  sql +=
      "ALTER TABLE t3 RENAME TO renamed3;\n"
      "CREATE SCHEMA other;\n"
      "ALTER TABLE t4 SET SCHEMA other;\n"
      "DROP TABLE t5;\n"
      "CREATE TABLE t5b (id int);\n"
      "ALTER SCHEMA other RENAME TO moved;\n"
      "CREATE INDEX ON renamed3 (id);\n"
      "CREATE INDEX ON moved.t4 (id);\n"
      "CREATE INDEX ON t5b (id);\n";
  sg::MigrationHistory h;
  sg::Migration m;
  m.name = "20240101000000_all";
  m.file = std::make_shared<sg::SourceFile>("m.sql", sql);
  m.readable = true;
  m.parsed = sg::sql::parse_sql(m.file->text());
  sg::replay::Replayer r;
  sg::replay::MigrationOutcome out = r.apply(m);
  EXPECT_FALSE(out.error) << out.error->message;
  const Catalog& c = r.catalog();
  EXPECT_NE(c.table("public", "renamed3"), nullptr);
  EXPECT_EQ(c.table("public", "t3"), nullptr);
  EXPECT_NE(c.table("moved", "t4"), nullptr);
  EXPECT_EQ(c.table("public", "t4"), nullptr);
  EXPECT_EQ(c.table("public", "t5"), nullptr);
  ASSERT_NE(c.table("public", "t5b"), nullptr);
  EXPECT_EQ(c.table("public", "t5b")->indexes.size(), 1u);
  EXPECT_EQ(c.table("moved", "t4")->indexes.size(), 1u);
}

// Reports are written a finding at a time; the text is the one a single dump of the whole document gives.
TEST(JsonDump, SameTextAsOneDump) {
  using Json = nlohmann::ordered_json;
  std::vector<Json> items = {Json{{"a", 1}, {"b", Json::array({1, 2})}}, Json{{"s", "line\nbreak \"q\""}},
                             Json::object(), Json{{"nested", {{"x", Json::array()}}}}};
  Json inner{{"k", "v"}, {"results", Json::array()}};
  Json doc{{"head", 1}, {"runs", Json::array({inner})}};
  Json whole = doc;
  for (const auto& i : items) whole["runs"][0]["results"].push_back(i);
  std::string want = whole.dump(2) + "\n";
  EXPECT_EQ(sg::report::dump_with_array(doc, "results", items.size(), [&](size_t i) { return items[i]; }), want);
  EXPECT_EQ(sg::report::dump_with_array(doc, "results", 0, [&](size_t i) { return items[i]; }), doc.dump(2) + "\n");
}

}  // namespace
