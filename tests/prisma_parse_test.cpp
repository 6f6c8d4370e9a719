// Prisma front end: every construct of the AST, each gap of the tree-sitter grammar, every schema in
// ../shared, and hostile input.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "analyzer/prisma/preprocess.hpp"
#include "analyzer/prisma/schema.hpp"
#include "analyzer/prisma/ts_handles.hpp"
#include "analyzer/prisma/validate.hpp"
#include "support/test_support.hpp"

namespace sg::prisma {
namespace {

namespace fs = std::filesystem;

ParseResult parse_text(std::string text, std::string path = "schema.prisma") {
  return parse_schema(std::make_shared<const SourceFile>(std::move(path), std::move(text)));
}

std::string slice(const ParseResult& r, Span s) { return std::string(r.schema.files.front()->slice(s)); }

size_t count_rule(const std::vector<Finding>& findings, std::string_view rule) {
  return static_cast<size_t>(std::count_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule == rule; }));
}

std::string dump(const std::vector<Finding>& findings) {
  std::string out;
  for (const auto& f : findings)
    out += f.rule + " " + f.location.path + ":" + std::to_string(f.location.range.start.line) + ":" +
           std::to_string(f.location.range.start.column) + " " + f.message + "\n";
  return out;
}

constexpr const char* kFull = R"prisma(
datasource db {
  provider     = "postgresql"
  url          = env("DATABASE_URL")
  schemas      = ["public", "auth"]
  extensions   = [pgcrypto, postgis(schema: "gis", version: "3.4"), pgvector(map: "vector")]
  relationMode = "foreignKeys"
}

generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["multiSchema", "postgresqlExtensions"]
}

/// A user of the app.
/// Second line.
model User {
  id        Int       @id @default(autoincrement())
  email     String    @unique(map: "user_email") @db.VarChar(255) /// trailing doc
  name      String?
  roles     Role[]    @default([USER])
  score     Decimal   @default(1.5) @db.Decimal(10, 2)
  balance   Int       @default(-1)
  active    Boolean   @default(true)
  meta      Json      @default("{}")
  createdAt DateTime  @default(now()) @map("created_at")
  uuid      String    @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  search    Unsupported("tsvector")?
  posts     Post[]

  @@index([name(sort: Desc), email], type: Hash, map: "user_name_idx")
  @@map("users")
  @@schema("auth")
}

model Post {
  id       Int  @id
  author   User @relation(fields: [authorId], references: [id], onDelete: Cascade)
  authorId Int
  @@ignore
}

enum Role {
  USER  @map("user")
  ADMIN
  @@map("role")
  @@schema("auth")
}

view Active {
  id Int @unique
}

type Address {
  street String
}
)prisma";

TEST(PrismaParse, DatasourceAndGenerator) {
  auto r = parse_text(kFull);
  ASSERT_TRUE(r.findings.empty()) << dump(r.findings);
  const Datasource* ds = r.schema.datasource();
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(ds->name, "db");
  EXPECT_EQ(ds->provider, "postgresql");
  EXPECT_EQ(ds->url, "env(\"DATABASE_URL\")");
  EXPECT_EQ(ds->schemas, (std::vector<std::string>{"public", "auth"}));
  EXPECT_EQ(ds->relation_mode, "foreignKeys");
  ASSERT_EQ(ds->extensions.size(), 3u);
  EXPECT_EQ(ds->extensions[0].name, "pgcrypto");
  EXPECT_EQ(ds->extensions[1].name, "postgis");
  EXPECT_EQ(ds->extensions[1].schema, "gis");
  EXPECT_EQ(ds->extensions[1].version, "3.4");
  EXPECT_EQ(ds->extensions[2].map, "vector");
  ASSERT_EQ(r.schema.generators.size(), 1u);
  EXPECT_EQ(r.schema.generators[0].provider, "prisma-client-js");
  EXPECT_EQ(r.schema.generators[0].preview_features, (std::vector<std::string>{"multiSchema", "postgresqlExtensions"}));
  EXPECT_TRUE(r.schema.has_preview_feature("multiSchema"));
  EXPECT_EQ(slice(r, ds->span).substr(0, 13), "datasource db");
}

TEST(PrismaParse, ModelsFieldsAndAttributes) {
  auto r = parse_text(kFull);
  ASSERT_EQ(r.schema.models.size(), 2u);
  const Model& u = r.schema.models[0];
  EXPECT_EQ(u.name, "User");
  EXPECT_EQ(u.doc, "A user of the app.\nSecond line.");
  ASSERT_EQ(u.fields.size(), 12u);

  const Field& id = u.fields[0];
  EXPECT_EQ(slice(r, id.span), "id        Int       @id @default(autoincrement())");
  EXPECT_EQ(slice(r, id.name_span), "id");
  ASSERT_EQ(id.attributes.size(), 2u);
  EXPECT_EQ(id.attributes[0].name, "id");
  EXPECT_FALSE(id.attributes[0].has_parens);
  const Argument* dflt = id.attribute("default")->arg("value", 0);
  ASSERT_NE(dflt, nullptr);
  EXPECT_TRUE(dflt->value.is_call("autoincrement"));
  EXPECT_EQ(slice(r, id.attribute("default")->span), "@default(autoincrement())");

  const Field* email = u.field("email");
  ASSERT_NE(email, nullptr);
  EXPECT_EQ(email->doc, "trailing doc");
  EXPECT_EQ(email->attribute("unique")->arg("map")->value.text, "user_email");
  const Attribute* vc = email->attribute("db.VarChar");
  ASSERT_NE(vc, nullptr);
  ASSERT_EQ(vc->args.size(), 1u);
  EXPECT_EQ(vc->args[0].value.kind, Expr::Kind::Number);
  EXPECT_EQ(vc->args[0].value.text, "255");

  EXPECT_TRUE(u.field("name")->type.optional);
  EXPECT_TRUE(u.field("roles")->type.list);
  const Expr& roles = u.field("roles")->attribute("default")->args[0].value;
  ASSERT_EQ(roles.kind, Expr::Kind::Array);
  ASSERT_EQ(roles.items.size(), 1u);
  EXPECT_EQ(roles.items[0].kind, Expr::Kind::Identifier);
  EXPECT_EQ(roles.items[0].text, "USER");

  EXPECT_EQ(u.field("active")->attribute("default")->args[0].value.kind, Expr::Kind::Boolean);
  EXPECT_EQ(u.field("meta")->attribute("default")->args[0].value.kind, Expr::Kind::String);
  EXPECT_EQ(u.field("meta")->attribute("default")->args[0].value.text, "{}");
  EXPECT_EQ(u.field("createdAt")->attribute("map")->args[0].value.text, "created_at");
  const Expr& gen = u.field("uuid")->attribute("default")->args[0].value;
  EXPECT_TRUE(gen.is_call("dbgenerated"));
  EXPECT_EQ(gen.args[0].value.text, "gen_random_uuid()");

  const Field* search = u.field("search");
  ASSERT_TRUE(search->type.unsupported.has_value());
  EXPECT_EQ(*search->type.unsupported, "tsvector");
  EXPECT_TRUE(search->type.optional);
  EXPECT_EQ(slice(r, search->type.span), "Unsupported(\"tsvector\")?");

  ASSERT_EQ(u.attributes.size(), 3u);
  const Attribute& index = u.attributes[0];
  EXPECT_TRUE(index.block);
  EXPECT_EQ(index.name, "index");
  const Expr& parts = index.arg("fields", 0)->value;
  ASSERT_EQ(parts.items.size(), 2u);
  EXPECT_TRUE(parts.items[0].is_call("name"));
  EXPECT_EQ(parts.items[0].args[0].name, "sort");
  EXPECT_EQ(parts.items[0].args[0].value.text, "Desc");
  EXPECT_EQ(parts.items[1].kind, Expr::Kind::Identifier);
  EXPECT_EQ(index.arg("type")->value.text, "Hash");
  EXPECT_EQ(index.arg("map")->value.text, "user_name_idx");
  EXPECT_EQ(u.attribute("map")->args[0].value.text, "users");
  EXPECT_EQ(u.attribute("schema")->args[0].value.text, "auth");

  const Model& post = r.schema.models[1];
  const Attribute* rel = post.field("author")->attribute("relation");
  ASSERT_NE(rel, nullptr);
  EXPECT_EQ(rel->arg("fields")->value.items[0].text, "authorId");
  EXPECT_EQ(rel->arg("references")->value.items[0].text, "id");
  EXPECT_EQ(rel->arg("onDelete")->value.text, "Cascade");
  EXPECT_NE(post.attribute("ignore"), nullptr);
}

TEST(PrismaParse, EnumsViewsAndCompositeTypes) {
  auto r = parse_text(kFull);
  ASSERT_EQ(r.schema.enums.size(), 1u);
  const Enum& e = r.schema.enums[0];
  EXPECT_EQ(e.name, "Role");
  ASSERT_EQ(e.values.size(), 2u);
  EXPECT_EQ(e.values[0].name, "USER");
  EXPECT_EQ(e.values[0].attribute("map")->args[0].value.text, "user");
  EXPECT_EQ(e.values[1].name, "ADMIN");
  ASSERT_EQ(r.schema.views.size(), 1u);
  EXPECT_EQ(r.schema.views[0].kind, Model::Kind::View);
  EXPECT_EQ(r.schema.views[0].name, "Active");
  ASSERT_EQ(r.schema.types.size(), 1u);
  EXPECT_EQ(r.schema.types[0].kind, Model::Kind::CompositeType);
  EXPECT_EQ(r.schema.types[0].fields[0].name, "street");
}

// Gap 1: the grammar's enum block allows only values; @@map/@@schema would be an ERROR node.
TEST(PrismaParse, GapEnumLevelBlockAttributes) {
  auto r = parse_text(kFull);
  const Enum& e = r.schema.enums[0];
  ASSERT_EQ(e.attributes.size(), 2u) << dump(r.findings);
  EXPECT_EQ(e.attributes[0].name, "map");
  EXPECT_TRUE(e.attributes[0].block);
  EXPECT_EQ(e.attributes[0].args[0].value.text, "role");
  EXPECT_EQ(slice(r, e.attributes[0].span), "@@map(\"role\")");
  EXPECT_EQ(slice(r, e.attributes[0].args[0].value.span), "\"role\"");
  EXPECT_EQ(e.attributes[1].name, "schema");
  EXPECT_EQ(slice(r, e.attributes[1].span), "@@schema(\"auth\")");
  // Values after the attribute are still values, and a broken enum attribute is reported where it is.
  auto broken = parse_text("enum A {\n  X\n  @@map(\"a\"\n  Y\n}\n");
  EXPECT_EQ(count_rule(broken.findings, "schema-syntax-error"), 1u) << dump(broken.findings);
  EXPECT_EQ(broken.findings[0].location.range.start.line, 3u);
}

// Gap 2: numbers are \d+ in the grammar; decimals and negatives must come out as numbers.
TEST(PrismaParse, GapDecimalAndNegativeNumbers) {
  auto r = parse_text(
      "model A {\n  id Int @id @default(-1)\n  f Float @default(1.5)\n  g Float @default(-0.25)\n"
      "  h Float @default(2.5e-3)\n  d Decimal @db.Decimal(10, 2)\n}\n");
  ASSERT_TRUE(r.findings.empty()) << dump(r.findings);
  const Model& m = r.schema.models[0];
  auto value = [&](const char* field) { return m.field(field)->attribute("default")->args[0].value; };
  EXPECT_EQ(value("id").kind, Expr::Kind::Number);
  EXPECT_EQ(value("id").text, "-1");
  EXPECT_EQ(slice(r, value("id").span), "-1");
  EXPECT_EQ(value("f").kind, Expr::Kind::Number);
  EXPECT_EQ(value("f").text, "1.5");
  EXPECT_EQ(value("g").text, "-0.25");
  EXPECT_EQ(value("h").text, "2.5e-3");
  EXPECT_EQ(m.field("d")->attribute("db.Decimal")->args[1].value.text, "2");
  EXPECT_TRUE(is_number_literal("-12.5"));
  EXPECT_FALSE(is_number_literal("1abc"));
  EXPECT_FALSE(is_number_literal("-"));
}

// Gap 3: the grammar has no block comments.
TEST(PrismaParse, GapBlockComments) {
  auto r = parse_text("/* header\n   model Fake { id Int @id } */\nmodel A {\n  id Int @id /* inline */ @default(1)\n"
                      "  /* between\n fields */ name String\n}\n");
  ASSERT_TRUE(r.findings.empty()) << dump(r.findings);
  ASSERT_EQ(r.schema.models.size(), 1u);
  const Model& m = r.schema.models[0];
  ASSERT_EQ(m.fields.size(), 2u);
  EXPECT_EQ(m.field("id")->attributes.size(), 2u);
  EXPECT_EQ(m.field("name")->name_span.begin, r.schema.files[0]->text().find("name String"));
  EXPECT_EQ(m.span.begin, r.schema.files[0]->text().find("model A"));
  auto open = parse_text("model A {\n  id Int @id\n}\n/* never closed\n");
  EXPECT_EQ(count_rule(open.findings, "schema-syntax-error"), 1u) << dump(open.findings);
  EXPECT_EQ(open.findings[0].location.range.start.line, 4u);
}

// Gap 4: `//` followed by a newline matches the grammar's comment token `//[^/].*` across the line
// break and swallows the next line, without any ERROR node.
TEST(PrismaParse, GapEmptyCommentSwallowsNextLine) {
  std::string text = "model A {\n  id Int @id\n  //\n  name String\n  //\n  @@map(\"a\")\n}\n//\nmodel B {\n  id Int @id\n}\n";
  auto r = parse_text(text);
  ASSERT_TRUE(r.findings.empty()) << dump(r.findings);
  ASSERT_EQ(r.schema.models.size(), 2u);
  EXPECT_EQ(r.schema.models[0].fields.size(), 2u);
  EXPECT_NE(r.schema.models[0].attribute("map"), nullptr);
  EXPECT_EQ(r.schema.models[1].name, "B");
  // Comments never reach the grammar: the preprocessed text keeps every offset and newline.
  Preprocessed pre = preprocess(text);
  EXPECT_EQ(pre.text.size(), text.size());
  EXPECT_EQ(std::count(pre.text.begin(), pre.text.end(), '\n'), std::count(text.begin(), text.end(), '\n'));
  EXPECT_EQ(pre.text.find("//"), std::string::npos);
}

TEST(PrismaParse, CommentMarkersInsideStringsAreText) {
  auto r = parse_text("datasource db {\n  provider = \"postgresql\"\n  url = \"postgres://u@h/db\" // real comment\n}\n"
                      "model A {\n  id String @id @default(\"a /* b */ c\")\n}\n");
  ASSERT_TRUE(r.findings.empty()) << dump(r.findings);
  EXPECT_EQ(r.schema.datasource()->url, "postgres://u@h/db");
  EXPECT_EQ(r.schema.models[0].fields[0].attribute("default")->args[0].value.text, "a /* b */ c");
}

TEST(PrismaParse, SyntaxErrorsAreFindingsAtTheirLocation) {
  auto r = parse_text("model A {\n  id Int @id\n  name String @default(\n}\n\nmodel B {\n  id Int @id\n}\n");
  ASSERT_GE(count_rule(r.findings, "schema-syntax-error"), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.severity, Severity::Error);
  EXPECT_FALSE(f.help.empty());
  EXPECT_GE(f.location.range.start.line, 3u);
  EXPECT_LE(f.location.range.start.line, 4u);
  // A missing closing brace becomes a finding too.
  auto missing = parse_text("model A {\n  id Int @id\n");
  EXPECT_GE(count_rule(missing.findings, "schema-syntax-error"), 1u);
  // Garbage at the top level.
  auto junk = parse_text("this is not prisma\nmodel A {\n  id Int @id\n}\n");
  EXPECT_GE(count_rule(junk.findings, "schema-syntax-error"), 1u);
  EXPECT_EQ(junk.findings[0].location.range.start.line, 1u);
}

TEST(PrismaParse, UnknownProviderIsASyntaxError) {
  auto r = parse_text("datasource db {\n  provider = \"{{PRISMA_PROVIDER}}\"\n}\n");
  ASSERT_EQ(count_rule(r.findings, "schema-syntax-error"), 1u);
  EXPECT_NE(r.findings[0].message.find("{{PRISMA_PROVIDER}}"), std::string::npos);
  EXPECT_EQ(r.findings[0].location.range.start.line, 2u);
  EXPECT_EQ(r.findings[0].location.range.start.column, 14u);
}

TEST(PrismaParse, MultiFileFolderIsSortedAndRecursive) {
  test::TempDir dir;
  test::write_file(dir.path() / "schema.prisma", "datasource db {\n  provider = \"postgresql\"\n}\n");
  test::write_file(dir.path() / "models" / "b.prisma", "model B {\n  id Int @id\n}\n");
  test::write_file(dir.path() / "models" / "a.prisma", "model A {\n  id Int @id\n}\n");
  test::write_file(dir.path() / "notes.txt", "model Ignored {}\n");
  auto files = schema_files(dir.path());
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].filename(), "a.prisma");
  EXPECT_EQ(files[1].filename(), "b.prisma");
  EXPECT_EQ(files[2].filename(), "schema.prisma");
  auto r = parse_schema_path(dir.path(), dir.path());
  ASSERT_TRUE(r.findings.empty()) << dump(r.findings);
  ASSERT_EQ(r.schema.models.size(), 2u);
  EXPECT_EQ(r.schema.models[0].name, "A");
  EXPECT_EQ(r.schema.models[0].file->path(), (fs::path("models") / "a.prisma").string());
  EXPECT_EQ(r.schema.models[1].file->path(), (fs::path("models") / "b.prisma").string());
  ASSERT_NE(r.schema.datasource(), nullptr);
}

TEST(PrismaParse, MissingPathIsAReadError) {
  auto r = parse_schema_path("/nonexistent/schemagate/schema.prisma");
  EXPECT_EQ(count_rule(r.findings, "schema-read-error"), 1u) << dump(r.findings);
}

TEST(PrismaParse, ValidationFindings) {
  auto r = parse_text(
      "datasource db {\n  provider = \"postgresql\"\n}\n"
      "model A {\n  id Int @id\n  s String @db.LongText\n  b B @relation(fields: [bId, x], references: [id])\n"
      "  bId Int\n  c C\n  " + std::string(70, 'n') + " Int\n}\n"
      "model B {\n  id Int @id\n  as A[]\n}\n"
      "model C {\n  id Int @id\n  a A[]\n}\n");
  ASSERT_TRUE(r.findings.empty()) << dump(r.findings);
  auto v = validate_schema(r.schema);
  EXPECT_EQ(count_rule(v, "unknown-native-type"), 1u) << dump(v);
  EXPECT_EQ(count_rule(v, "relation-fields-mismatch"), 2u) << dump(v);
  EXPECT_EQ(count_rule(v, "identifier-too-long"), 1u) << dump(v);
  for (const auto& f : v) {
    EXPECT_FALSE(f.help.empty());
    EXPECT_NE(f.location.file, nullptr);
  }
  EXPECT_FALSE(check_provider(r.schema).has_value());
  auto mysql = parse_text("datasource db {\n  provider = \"mysql\"\n}\nmodel A {\n  id Int @id\n  s String @db.LongText\n}\n");
  auto p = check_provider(mysql.schema);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->rule, "unsupported-provider");
  EXPECT_EQ(count_rule(validate_schema(mysql.schema), "unknown-native-type"), 0u);
}

// Every schema in ../shared parses without an unhandled error, except the one template.
TEST(PrismaParse, EverySharedSchemaParses) {
  SG_REQUIRE_SHARED();
  std::vector<fs::path> inputs;
  for (const auto& c : test::corpora()) inputs.push_back(test::shared_dir() / "corpus" / c / "schema");
  for (const auto& e : fs::directory_iterator(test::shared_dir() / "schemas"))
    if (e.path().extension() == ".prisma") inputs.push_back(e.path());
  std::sort(inputs.begin(), inputs.end());
  ASSERT_GE(inputs.size(), 50u);
  size_t failing = 0;
  for (const auto& p : inputs) {
    auto r = parse_schema_path(p);
    size_t fields = 0;
    for (const auto& m : r.schema.models) fields += m.fields.size();
    std::cout << "[prisma-parse] " << p.filename().string() << (p.filename() == "schema" ? " (" + p.parent_path().filename().string() + ")" : "")
              << ": files=" << r.schema.files.size() << " models=" << r.schema.models.size() << " fields=" << fields
              << " enums=" << r.schema.enums.size() << " views=" << r.schema.views.size()
              << " types=" << r.schema.types.size() << " findings=" << r.findings.size() << "\n";
    bool is_template = p.filename().string().find("template.prisma") != std::string::npos &&
                       p.filename().string().find("teable") != std::string::npos;
    if (is_template) {
      EXPECT_EQ(count_rule(r.findings, "schema-syntax-error"), 1u) << dump(r.findings);
      ++failing;
    } else {
      EXPECT_TRUE(r.findings.empty()) << p << "\n" << dump(r.findings);
      EXPECT_FALSE(r.schema.models.empty() && r.schema.datasources.empty()) << p;
    }
  }
  EXPECT_EQ(failing, 1u);
}

TEST(PrismaParse, HostileInputNeverCrashes) {
  // NUL bytes and invalid UTF-8: reported, and the rest still parses.
  std::string nul = "model A {\n  id Int @id\n}\n";
  nul[3] = '\0';
  auto r1 = parse_text(nul);
  EXPECT_GE(count_rule(r1.findings, "schema-syntax-error"), 1u);
  auto r2 = parse_text("model A {\n  id Int @id @map(\"\xff\xfe\")\n}\n");
  EXPECT_GE(count_rule(r2.findings, "schema-syntax-error"), 1u);
  ASSERT_EQ(r2.schema.models.size(), 1u);
  // Deep nesting in attribute arguments.
  std::string deep = "model A {\n  id Int @id @default(" + std::string(20000, '[') + std::string(20000, ']') + ")\n}\n";
  auto r3 = parse_text(deep);
  EXPECT_GE(count_rule(r3.findings, "schema-syntax-error"), 1u);
  std::string calls = "model A {\n  id Int @id @default(";
  for (int i = 0; i < 5000; ++i) calls += "f(";
  calls += std::string(5000, ')') + ")\n}\n";
  auto r4 = parse_text(calls);
  EXPECT_GE(count_rule(r4.findings, "schema-syntax-error"), 1u);
  // Unbalanced braces and a lone quote.
  auto r5 = parse_text(std::string(10000, '{') + "\"");
  EXPECT_GE(r5.findings.size(), 1u);
  // A large but valid schema: many models.
  std::string big;
  for (int i = 0; i < 5000; ++i) big += "model M" + std::to_string(i) + " {\n  id Int @id\n  name String?\n}\n";
  auto r6 = parse_text(big);
  EXPECT_TRUE(r6.findings.empty());
  EXPECT_EQ(r6.schema.models.size(), 5000u);
  // Random bytes.
  std::string noise;
  uint32_t x = 12345;
  for (int i = 0; i < 200000; ++i) {
    x = x * 1103515245u + 12345u;
    noise += static_cast<char>(x >> 24);
  }
  auto r7 = parse_text(noise);
  EXPECT_GE(r7.findings.size(), 1u);
  // An empty file is an empty schema.
  auto r8 = parse_text("");
  EXPECT_TRUE(r8.findings.empty());
}

// The RAII handles: a query over a tree finds the grammar's own ERROR nodes, which the front end then
// turns into findings (one per outermost broken node).
TEST(PrismaParse, TreeSitterHandles) {
  ts::Parser parser = ts::make_prisma_parser();
  ASSERT_NE(parser, nullptr);
  std::string text = "model A {\n  id Int @id @default(\n}\nmodel B {\n  id Int @id\n}\n";
  ts::Tree tree = ts::parse(parser.get(), text);
  ASSERT_NE(tree, nullptr);
  ts::Query query = ts::make_query("(ERROR) @error");
  ASSERT_NE(query, nullptr);
  ts::QueryCursor cursor(ts_query_cursor_new());
  ts_query_cursor_exec(cursor.get(), query.get(), ts_tree_root_node(tree.get()));
  TSQueryMatch match;
  int errors = 0;
  while (ts_query_cursor_next_match(cursor.get(), &match))
    for (uint16_t i = 0; i < match.capture_count; ++i)
      if (ts_node_is_error(match.captures[i].node)) ++errors;
  EXPECT_GE(errors, 1);
  uint32_t offset = 0;
  EXPECT_EQ(ts::make_query("(no_such_node) @x", &offset), nullptr);
  auto r = parse_text(text);
  EXPECT_GE(count_rule(r.findings, "schema-syntax-error"), 1u);
  // Error recovery keeps the well-formed model after the broken one.
  EXPECT_NE(r.schema.model("B"), nullptr);
}

TEST(PrismaParse, OversizedFileIsRefusedWithoutReading) {
  test::TempDir dir;
  fs::path p = dir.path() / "schema.prisma";
  {
    std::ofstream out(p, std::ios::binary);
    out.seekp(static_cast<std::streamoff>(kMaxSchemaBytes) + 10);
    out.put('\n');
  }
  auto r = parse_schema_path(p);
  ASSERT_EQ(count_rule(r.findings, "schema-syntax-error"), 1u) << dump(r.findings);
  EXPECT_NE(r.findings[0].message.find("larger than"), std::string::npos);
}

}  // namespace
}  // namespace sg::prisma
