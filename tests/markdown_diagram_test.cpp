// The ER diagram of `lint --format markdown`: the tables the linted migrations act on, with their foreign-key
// neighbours, drawn from the catalog after the whole history; and each migration's risk line.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "integrations_support.hpp"
#include "support/test_support.hpp"

namespace sg::test {
namespace {
namespace fs = std::filesystem;

// Blog (User <- Post <- Comment), an unrelated Setting table, and a later migration that touches Post only.
void write_blog(const fs::path& project) {
  fs::path root = project / "prisma/migrations";
  write_file(root / "migration_lock.toml", "provider = \"postgresql\"\n");
  write_file(root / "20240101000000_init/migration.sql",
             "CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN');\n"
             "CREATE TABLE \"User\" (\"id\" SERIAL NOT NULL, \"role\" \"Role\" NOT NULL DEFAULT 'USER', CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));\n"
             "CREATE TABLE \"Post\" (\"id\" SERIAL NOT NULL, \"authorId\" INTEGER NOT NULL, \"title\" TEXT NOT NULL, CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\"));\n"
             "CREATE TABLE \"Comment\" (\"id\" SERIAL NOT NULL, \"postId\" INTEGER, CONSTRAINT \"Comment_pkey\" PRIMARY KEY (\"id\"));\n"
             "CREATE TABLE \"Setting\" (\"key\" TEXT NOT NULL, CONSTRAINT \"Setting_pkey\" PRIMARY KEY (\"key\"));\n"
             "ALTER TABLE \"Post\" ADD CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES \"User\"(\"id\");\n"
             "ALTER TABLE \"Comment\" ADD CONSTRAINT \"Comment_postId_fkey\" FOREIGN KEY (\"postId\") REFERENCES \"Post\"(\"id\");\n");
  write_file(root / "20240201000000_post_body/migration.sql",
             "ALTER TABLE \"Post\" ADD COLUMN \"body\" TEXT NOT NULL DEFAULT '';\n"
             "ALTER TABLE \"Post\" ALTER COLUMN \"title\" SET DATA TYPE VARCHAR(100);\n");
  write_file(root / "20240301000000_role/migration.sql", "ALTER TYPE \"Role\" ADD VALUE 'EDITOR';\n");
}

// The ```mermaid block of a Markdown report, or empty.
std::string mermaid_block(const std::string& md) {
  size_t start = md.find("```mermaid\n");
  if (start == std::string::npos) return {};
  start += 11;
  return md.substr(start, md.find("```", start) - start);
}

TEST(MarkdownDiagram, DrawsTheTouchedTablesAndTheirNeighbours) {
  TempDir tmp;
  write_blog(tmp.path());
  RunResult r = run_cli({"lint", "--format", "markdown", "--no-schema", "--fail-on", "never",
                         "prisma/migrations/20240201000000_post_body/migration.sql"},
                        tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string diagram = mermaid_block(r.out);
  ASSERT_FALSE(diagram.empty()) << r.out;
  EXPECT_NE(r.out.find("### Tables this change touches\n\n`\"Post\"`, with the tables"), std::string::npos) << r.out;
  // Post as it is after the whole history (the added column, the new type), User and Comment as neighbours.
  EXPECT_NE(diagram.find("    Post {\n        integer id PK\n        integer authorId FK\n        varchar(100) title\n"
                         "        text body\n    }"),
            std::string::npos)
      << diagram;
  EXPECT_NE(diagram.find("    User {"), std::string::npos) << diagram;
  EXPECT_NE(diagram.find("    Comment {"), std::string::npos) << diagram;
  EXPECT_EQ(diagram.find("Setting"), std::string::npos) << "not connected to Post\n" << diagram;
  EXPECT_NE(diagram.find("User ||--o{ Post : \"Post_authorId_fkey\""), std::string::npos) << diagram;
  EXPECT_NE(diagram.find("Post |o--o{ Comment : \"Comment_postId_fkey\""), std::string::npos) << diagram;
  // The migration's risk: the type change rewrites Post under ACCESS EXCLUSIVE.
  EXPECT_NE(r.out.find("**Risk:** "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("heaviest flagged lock `ACCESS EXCLUSIVE` on `\"Post\"` (table rewrite)"), std::string::npos) << r.out;

  std::string renderer;
  std::string html = integrations::render_markdown_html(r.out, &renderer);
  if (renderer.empty())
    GTEST_SKIP() << "*** neither cmark-gfm nor cmark is installed (Debian package cmark-gfm): not rendered ***";
  EXPECT_NE(html.find("<pre><code class=\"language-mermaid\">erDiagram\n"), std::string::npos) << html;
  EXPECT_NE(html.find("<h3>Tables this change touches</h3>"), std::string::npos) << html;
  EXPECT_NE(html.find("<strong>Risk:</strong>"), std::string::npos) << html;
}

TEST(MarkdownDiagram, NoDiagramWhenNoTableIsTouched) {
  TempDir tmp;
  write_blog(tmp.path());
  RunResult r = run_cli({"lint", "--format", "markdown", "--no-schema", "--fail-on", "never",
                         "prisma/migrations/20240301000000_role"},
                        tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("```mermaid"), std::string::npos) << "an enum change touches no table\n" << r.out;
  EXPECT_EQ(r.out.find("Tables this change touches"), std::string::npos);
}

TEST(MarkdownDiagram, WholeDemoHistoryDrawsEveryTableThatRemains) {
  RunResult r = run_cli({"lint", "--format", "markdown", "--fail-on", "never"}, fixtures_dir() / "demo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string diagram = mermaid_block(r.out);
  for (const char* table : {"    User {", "    Post {", "    Comment {"})
    EXPECT_NE(diagram.find(table), std::string::npos) << table << "\n" << diagram;
  EXPECT_EQ(diagram.find("AuditLog"), std::string::npos) << "dropped by the history\n" << diagram;
  EXPECT_NE(r.out.find("`\"Comment\"`, `\"Post\"`, `\"User\"`, with the tables"), std::string::npos) << r.out;
  // Other formats do not pay for the diagram.
  RunResult text = run_cli({"lint", "--format", "json", "--fail-on", "never"}, fixtures_dir() / "demo");
  EXPECT_EQ(text.out.find("erDiagram"), std::string::npos);
}

}  // namespace
}  // namespace sg::test
