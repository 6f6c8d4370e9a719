// The catalog value: catalog/1 JSON I/O (byte-identical to pg_catalog.py's output), PostgreSQL's printing
// rules, and the SQL / Mermaid printers.
#include <gtest/gtest.h>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/catalog/compare.hpp"
#include "analyzer/catalog/pg_expr.hpp"
#include "analyzer/catalog/pg_print.hpp"
#include "support/test_support.hpp"

namespace {

namespace pg = sg::catalog::pg;

TEST(CatalogJson, GroundTruthFilesRoundTripByteForByte) {
  SG_REQUIRE_SHARED();
  for (const std::string& corpus : sg::test::corpora()) {
    std::string text = sg::test::read_file(sg::test::shared_dir() / "groundtruth" / corpus / "catalog.json");
    sg::catalog::Catalog c = sg::catalog::catalog_from_json(text);
    EXPECT_FALSE(c.tables.empty()) << corpus;
    EXPECT_EQ(sg::catalog::to_json(c), text) << corpus;
  }
}

TEST(CatalogJson, MalformedInputThrowsReadableErrors) {
  EXPECT_THROW(sg::catalog::catalog_from_json("{"), std::runtime_error);
  EXPECT_THROW(sg::catalog::catalog_from_json("[]"), std::runtime_error);
  EXPECT_THROW(sg::catalog::catalog_from_json(R"({"format":"catalog/2"})"), std::runtime_error);
  EXPECT_THROW(sg::catalog::catalog_from_json(R"({"tables":[{"schema":"public"}]})"), std::runtime_error);
  auto c = sg::catalog::catalog_from_json(R"({"format":"catalog/1","schemas":["public"]})");
  EXPECT_EQ(c.schemas, std::vector<std::string>{"public"});
}

TEST(PgPrint, QuoteIdentMatchesPostgres) {
  EXPECT_EQ(pg::quote_ident("email"), "email");
  EXPECT_EQ(pg::quote_ident("createdAt"), "\"createdAt\"");
  EXPECT_EQ(pg::quote_ident("end"), "\"end\"");
  EXPECT_EQ(pg::quote_ident("user"), "\"user\"");
  EXPECT_EQ(pg::quote_ident("name"), "name");        // unreserved keyword
  EXPECT_EQ(pg::quote_ident("type"), "type");
  EXPECT_EQ(pg::quote_ident("position"), "\"position\"");  // column-name keyword
  EXPECT_EQ(pg::quote_ident("1abc"), "\"1abc\"");
  EXPECT_EQ(pg::quote_ident("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(pg::quote_ident("\"\"x\""), "\"\"\"\"\"x\"\"\"");
  EXPECT_EQ(pg::quote_ident(""), "\"\"");
  EXPECT_EQ(pg::qualified("Audit", "log"), "\"Audit\".log");
  EXPECT_EQ(pg::visible_name("public", "User_id_seq"), "\"User_id_seq\"");
  EXPECT_EQ(pg::visible_name("audit", "log"), "audit.log");
}

TEST(PgPrint, FormatTypeRoundTrips) {
  for (std::string t : {"integer", "character varying(255)", "timestamp(3) without time zone",
                        "timestamp(6) with time zone", "text[]", "numeric(65,30)", "\"Role\"", "\"Role\"[]",
                        "double precision", "character(2)", "time without time zone", "jsonb", "bit varying(8)",
                        "audit.\"Kind\"", "citext"})
    EXPECT_EQ(pg::format_type(pg::type_from_formatted(t)), t);
}

TEST(PgPrint, JsonbNormalisation) {
  EXPECT_EQ(pg::normalize_jsonb(R"({"y":0,"x":0,"w":4,"h":3})").value_or(""), R"({"h": 3, "w": 4, "x": 0, "y": 0})");
  EXPECT_EQ(pg::normalize_jsonb(R"({"long":1,"a":2,"a":3})").value_or(""), R"({"a": 3, "long": 1})");
  EXPECT_EQ(pg::normalize_jsonb("[ ]").value_or(""), "[]");
  EXPECT_FALSE(pg::normalize_jsonb("{nope}"));
}

TEST(CatalogPrinters, SqlAndMermaid) {
  sg::catalog::Catalog c;
  c.enums.push_back({"public", "Role", {"USER", "ADMIN"}});
  sg::catalog::Table user{"public", "User"};
  user.columns.push_back({"id", "integer", false, "nextval('\"User_id_seq\"'::regclass)", "", ""});
  user.columns.push_back({"role", "\"Role\"", false, "'USER'::\"Role\"", "", ""});
  user.primary_key = sg::catalog::KeyConstraint{"User_pkey", {"id"}};
  user.indexes.push_back({"User_pkey", true, true, "btree",
                          "CREATE UNIQUE INDEX \"User_pkey\" ON public.\"User\" USING btree (id)", {}, {"id"}});
  sg::catalog::Table post{"public", "Post"};
  post.columns.push_back({"id", "text", false, {}, "", ""});
  post.columns.push_back({"authorId", "integer", true, {}, "", ""});
  post.foreign_keys.push_back({"Post_authorId_fkey", {"authorId"}, "public", "User", {"id"}, "SET NULL", "CASCADE"});
  c.tables = {post, user};
  c.sequences.push_back({"public", "User_id_seq", "integer", "User.id"});

  std::string sql = sg::catalog::to_sql(c);
  EXPECT_NE(sql.find("CREATE TYPE public.\"Role\" AS ENUM ('USER', 'ADMIN');"), std::string::npos) << sql;
  EXPECT_NE(sql.find("    role \"Role\" DEFAULT 'USER'::\"Role\" NOT NULL"), std::string::npos) << sql;
  EXPECT_NE(sql.find("CONSTRAINT \"User_pkey\" PRIMARY KEY (id)"), std::string::npos) << sql;
  EXPECT_NE(sql.find("REFERENCES public.\"User\"(id) ON UPDATE CASCADE ON DELETE SET NULL;"), std::string::npos)
      << sql;
  EXPECT_EQ(sql.find("CREATE UNIQUE INDEX \"User_pkey\""), std::string::npos) << "constraint index printed twice";
  EXPECT_LT(sql.find("CREATE SEQUENCE"), sql.find("CREATE TABLE"));

  std::string md = sg::catalog::to_mermaid(c);
  EXPECT_EQ(md.rfind("erDiagram\n", 0), 0u);
  EXPECT_NE(md.find("        integer id PK\n"), std::string::npos) << md;
  EXPECT_NE(md.find("        integer authorId FK \"nullable\"\n"), std::string::npos) << md;
  EXPECT_NE(md.find("    User |o--o{ Post : \"Post_authorId_fkey\"\n"), std::string::npos) << md;
}

TEST(CatalogCompare, CountsAndListsDifferences) {
  sg::catalog::Catalog a;
  sg::catalog::Table t{"public", "T"};
  t.columns.push_back({"x", "integer", true, "0", "", ""});
  a.tables.push_back(t);
  sg::catalog::Catalog b = a;
  EXPECT_TRUE(sg::catalog::compare_catalogs(a, b).structure_matches());
  b.tables[0].columns[0].type = "bigint";
  b.tables[0].columns[0].default_expr = "1";
  auto r = sg::catalog::compare_catalogs(a, b);
  EXPECT_FALSE(r.structure_matches());
  EXPECT_EQ(r.columns.matched, 0u);
  EXPECT_EQ(r.defaults.expected, 1u);
  EXPECT_EQ(r.defaults.matched, 0u);
  EXPECT_FALSE(r.differences.empty());
}

}  // namespace
