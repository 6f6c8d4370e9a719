// Expected catalog from schema.prisma: every corpus against the catalog PostgreSQL built from Prisma's
// own migration SQL (../shared/groundtruth/<corpus>/schema-catalog.json), object by object, plus the
// mapping rules one at a time.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/prisma/expect.hpp"
#include "analyzer/prisma/schema.hpp"
#include "support/test_support.hpp"

namespace sg::prisma {
namespace {

namespace fs = std::filesystem;
using catalog::Catalog;

ExpectedCatalog expect_text(const std::string& text, ExpectOptions options = {}) {
  auto r = parse_schema(std::make_shared<const SourceFile>("schema.prisma", text));
  EXPECT_TRUE(r.findings.empty()) << (r.findings.empty() ? "" : r.findings[0].message);
  return expect_catalog(r.schema, options);
}

const catalog::Column& column(const Catalog& c, std::string_view table, std::string_view name) {
  const catalog::Table* t = c.table("public", table);
  if (!t) throw std::runtime_error("no table " + std::string(table));
  const catalog::Column* col = t->column(name);
  if (!col) throw std::runtime_error("no column " + std::string(name));
  return *col;
}

const catalog::Index* index(const catalog::Table& t, std::string_view name) {
  for (const auto& i : t.indexes)
    if (i.name == name) return &i;
  return nullptr;
}

// Match counts per kind of object, the way ../shared/tools/compare_catalog.py counts them.
struct Tally {
  std::map<std::string, std::pair<int, int>> kinds;  // kind → (matched, total)
  std::vector<std::string> misses;
  void add(const std::string& kind, bool ok, const std::string& what) {
    auto& k = kinds[kind];
    k.second++;
    if (ok) k.first++;
    else if (misses.size() < 20) misses.push_back(kind + ": " + what);
  }
  int matched() const {
    int n = 0;
    for (const auto& [k, v] : kinds) n += v.first;
    return n;
  }
  int total() const {
    int n = 0;
    for (const auto& [k, v] : kinds) n += v.second;
    return n;
  }
};

bool same_index(const catalog::Index& a, const catalog::Index& b) {
  return a.name == b.name && a.unique == b.unique && a.primary == b.primary && a.method == b.method &&
         a.definition == b.definition && a.predicate == b.predicate && a.columns == b.columns;
}
bool same_fk(const catalog::ForeignKey& a, const catalog::ForeignKey& b) {
  return a.name == b.name && a.columns == b.columns && a.ref_schema == b.ref_schema && a.ref_table == b.ref_table &&
         a.ref_columns == b.ref_columns && a.on_delete == b.on_delete && a.on_update == b.on_update &&
         a.deferrable == b.deferrable && a.validated == b.validated;
}

Tally compare(const Catalog& want, const Catalog& got) {
  Tally t;
  for (const auto& wt : want.tables) {
    const catalog::Table* gt = got.table(wt.schema, wt.name);
    t.add("tables", gt != nullptr, wt.name);
    if (!gt) continue;
    for (const auto& wc : wt.columns) {
      const catalog::Column* gc = gt->column(wc.name);
      bool ok = gc && gc->type == wc.type && gc->nullable == wc.nullable && gc->default_expr == wc.default_expr &&
                gc->identity == wc.identity && gc->generated == wc.generated;
      t.add("columns", ok, wt.name + "." + wc.name + " " + wc.type + (gc ? " vs " + gc->type : " missing") +
                               " default " + wc.default_expr.value_or("null") +
                               (gc ? " vs " + gc->default_expr.value_or("null") : ""));
    }
    for (const auto& gc : gt->columns)
      if (!wt.column(gc.name)) t.add("extra", false, wt.name + "." + gc.name);
    bool pk_ok = wt.primary_key.has_value() == gt->primary_key.has_value() &&
                 (!wt.primary_key || (wt.primary_key->name == gt->primary_key->name &&
                                      wt.primary_key->columns == gt->primary_key->columns));
    t.add("primary keys", pk_ok, wt.name);
    for (const auto& wf : wt.foreign_keys) {
      bool ok = false;
      for (const auto& gf : gt->foreign_keys) ok = ok || same_fk(wf, gf);
      t.add("foreign keys", ok, wt.name + " " + wf.name);
    }
    for (const auto& gf : gt->foreign_keys) {
      bool known = false;
      for (const auto& wf : wt.foreign_keys) known = known || wf.name == gf.name;
      if (!known) t.add("extra", false, wt.name + " fk " + gf.name);
    }
    for (const auto& wi : wt.indexes) {
      const catalog::Index* gi = index(*gt, wi.name);
      std::string kind = wi.primary ? "pk indexes" : wi.unique ? "unique indexes" : "indexes";
      t.add(kind, gi && same_index(wi, *gi), wi.definition + (gi ? " vs " + gi->definition : " missing"));
    }
    for (const auto& gi : gt->indexes)
      if (!index(wt, gi.name)) t.add("extra", false, wt.name + " index " + gi.name);
    t.add("unique constraints", wt.unique_constraints.size() == gt->unique_constraints.size(), wt.name);
  }
  for (const auto& gt : got.tables)
    if (!want.table(gt.schema, gt.name)) t.add("extra", false, "table " + gt.name);
  for (const auto& we : want.enums) {
    const catalog::Enum* ge = got.enum_type(we.schema, we.name);
    t.add("enums", ge && ge->values == we.values, we.name);
  }
  for (const auto& ws : want.sequences) {
    bool ok = false;
    for (const auto& gs : got.sequences)
      ok = ok || (gs.schema == ws.schema && gs.name == ws.name && gs.type == ws.type && gs.owned_by == ws.owned_by);
    t.add("sequences", ok, ws.name);
  }
  for (const auto& wx : want.extensions) {
    bool ok = false;
    for (const auto& gx : got.extensions) ok = ok || (gx.name == wx.name && gx.schema == wx.schema);
    t.add("extensions", ok, wx.name);
  }
  t.add("extra", want.enums.size() == got.enums.size(), "enum count");
  t.add("extra", want.sequences.size() == got.sequences.size(), "sequence count");
  t.add("extra", want.extensions.size() == got.extensions.size(), "extension count");
  t.add("extra", want.schemas == got.schemas, "schemas");
  return t;
}

// Per corpus: the expected catalog equals what PostgreSQL built from Prisma's own SQL.
TEST(PrismaExpect, CorporaMatchPrismaGroundTruth) {
  SG_REQUIRE_SHARED();
  int corpora_checked = 0;
  for (const auto& corpus : test::corpora()) {
    fs::path gt = test::shared_dir() / "groundtruth" / corpus;
    if (!fs::exists(gt / "schema-catalog.json")) {
      std::cout << "[prisma-expect] " << corpus << ": no schema-catalog.json ("
                << test::read_file(gt / "schema-catalog.none") << ")\n";
      continue;
    }
    auto parsed = parse_schema_path(test::shared_dir() / "corpus" / corpus / "schema");
    ASSERT_FALSE(parsed.has_errors()) << corpus;
    ExpectedCatalog got = expect_catalog(parsed.schema);
    EXPECT_TRUE(got.findings.empty()) << corpus << ": " << got.findings.front().message;
    Catalog want = catalog::catalog_from_json(test::read_file(gt / "schema-catalog.json"));
    Tally t = compare(want, got.catalog);
    std::cout << "[prisma-expect] " << corpus << ":";
    for (const auto& [kind, v] : t.kinds) std::cout << " " << kind << " " << v.first << "/" << v.second;
    std::cout << "\n";
    for (const auto& m : t.misses) std::cout << "    MISS " << m << "\n";
    // Ratchet: every corpus matches object by object, and the JSON is byte-identical.
    EXPECT_EQ(t.matched(), t.total()) << corpus;
    EXPECT_EQ(catalog::to_json(got.catalog), test::read_file(gt / "schema-catalog.json")) << corpus;
    ++corpora_checked;
  }
  EXPECT_GE(corpora_checked, 10);
}

TEST(PrismaExpect, DefaultTypesAndNativeTypes) {
  auto e = expect_text(R"prisma(
model T {
  id  Int      @id
  s   String
  i   Int?
  b   BigInt
  f   Float
  d   Decimal
  t   DateTime
  o   Boolean
  y   Bytes
  j   Json
  vc  String   @db.VarChar(20)
  c   String   @db.Char(2)
  tz  DateTime @db.Timestamptz(6)
  u   String   @db.Uuid
  tm  DateTime @db.Time(3)
  dt  DateTime @db.Date
  dec Decimal  @db.Decimal(10, 4)
  sm  Int      @db.SmallInt
  r   Float    @db.Real
  vb  String   @db.VarBit(8)
  js  Json     @db.Json
  xs  String[]
  un  Unsupported("tsvector")?
}
)prisma");
  const Catalog& c = e.catalog;
  std::map<std::string, std::string> want = {
      {"s", "text"}, {"i", "integer"}, {"b", "bigint"}, {"f", "double precision"}, {"d", "numeric(65,30)"},
      {"t", "timestamp(3) without time zone"}, {"o", "boolean"}, {"y", "bytea"}, {"j", "jsonb"},
      {"vc", "character varying(20)"}, {"c", "character(2)"}, {"tz", "timestamp(6) with time zone"}, {"u", "uuid"},
      {"tm", "time(3) without time zone"}, {"dt", "date"}, {"dec", "numeric(10,4)"}, {"sm", "smallint"},
      {"r", "real"}, {"vb", "bit varying(8)"}, {"js", "json"}, {"xs", "text[]"}, {"un", "tsvector"}};
  for (const auto& [name, type] : want) EXPECT_EQ(column(c, "T", name).type, type) << name;
  EXPECT_FALSE(column(c, "T", "s").nullable);
  EXPECT_TRUE(column(c, "T", "i").nullable);
  EXPECT_TRUE(column(c, "T", "xs").nullable);  // Prisma never makes scalar lists NOT NULL
  // Native type attributes are named after the datasource: `@pg.Decimal` when it is `datasource pg`.
  auto named = expect_text("datasource pg {\n  provider = \"postgresql\"\n}\n"
                           "model N {\n  id Int @id\n  d Decimal @pg.Decimal\n  v String @pg.VarChar(3)\n}\n");
  EXPECT_EQ(column(named.catalog, "N", "d").type, "numeric");
  EXPECT_EQ(column(named.catalog, "N", "v").type, "character varying(3)");
}

TEST(PrismaExpect, DefaultsPrintedAsPostgreSQLPrintsThem) {
  auto e = expect_text(R"prisma(
enum Role {
  USER  @map("user")
  ADMIN
  @@map("roles")
}
model T {
  id     Int      @id @default(autoincrement())
  s      String   @default("it's")
  vc     String   @default("") @db.VarChar(10)
  n      Int      @default(0)
  neg    Int      @default(-1)
  big    BigInt   @default(3000000000)
  dec    Decimal  @default("2.00") @db.Decimal(4, 2)
  decneg Decimal  @default(-1)
  fl     Float    @default(1.5)
  b      Boolean  @default(false)
  j      Json     @default("{\"b\":1,\"a\":[]}")
  role   Role     @default(USER)
  roles  Role[]   @default([ADMIN])
  tags   String[] @default([])
  tags2  String[] @default(["a", "b"])
  ints   Int[]    @default([])
  at     DateTime @default(now())
  up     DateTime @updatedAt
  uid    String   @default(uuid())
  cid    String   @default(cuid())
  gen    String   @default(dbgenerated("gen_random_uuid()")) @db.Uuid
}
)prisma");
  const Catalog& c = e.catalog;
  auto dflt = [&](const char* col) { return column(c, "T", col).default_expr.value_or("<null>"); };
  EXPECT_EQ(dflt("id"), "nextval('\"T_id_seq\"'::regclass)");
  EXPECT_EQ(dflt("s"), "'it''s'::text");
  EXPECT_EQ(dflt("vc"), "''::character varying");
  EXPECT_EQ(dflt("n"), "0");
  EXPECT_EQ(dflt("neg"), "'-1'::integer");
  EXPECT_EQ(dflt("big"), "'3000000000'::bigint");
  EXPECT_EQ(dflt("dec"), "2.00");
  EXPECT_EQ(dflt("decneg"), "'-1'::integer");
  EXPECT_EQ(dflt("fl"), "1.5");
  EXPECT_EQ(dflt("b"), "false");
  EXPECT_EQ(dflt("j"), "'{\"a\": [], \"b\": 1}'::jsonb");
  EXPECT_EQ(dflt("role"), "'user'::roles");
  EXPECT_EQ(dflt("roles"), "ARRAY['ADMIN'::roles]");
  EXPECT_EQ(dflt("tags"), "ARRAY[]::text[]");
  EXPECT_EQ(dflt("tags2"), "ARRAY['a'::text, 'b'::text]");
  EXPECT_EQ(dflt("ints"), "ARRAY[]::integer[]");
  EXPECT_EQ(dflt("at"), "CURRENT_TIMESTAMP");
  EXPECT_EQ(dflt("up"), "<null>");
  EXPECT_EQ(dflt("uid"), "<null>");
  EXPECT_EQ(dflt("cid"), "<null>");
  EXPECT_EQ(dflt("gen"), "gen_random_uuid()");
  ASSERT_EQ(c.sequences.size(), 1u);
  EXPECT_EQ(c.sequences[0].name, "T_id_seq");
  EXPECT_EQ(c.sequences[0].type, "integer");
  EXPECT_EQ(c.sequences[0].owned_by, "T.id");
  ASSERT_EQ(c.enums.size(), 1u);
  EXPECT_EQ(c.enums[0].name, "roles");
  EXPECT_EQ(c.enums[0].values, (std::vector<std::string>{"user", "ADMIN"}));
  EXPECT_EQ(column(c, "T", "role").type, "roles");
}

TEST(PrismaExpect, KeysIndexesAndTheirNames) {
  auto e = expect_text(R"prisma(
model User {
  id    Int    @id(map: "user_pk")
  email String @unique
  name  String
  tags  String[]
  meta  Json
  posts Post[]
  @@unique([name, email], map: "name_email")
  @@index([name(sort: Desc), email])
  @@index([tags], type: Gin)
  @@index([meta(ops: JsonbPathOps)], type: Gin)
  @@index([name(ops: raw("gin_trgm_ops"))], type: Gin, map: "trgm")
  @@map("users")
}
model Post {
  id        String @default(cuid())
  slug      String
  authorId  Int
  editorId  Int?
  author    User  @relation(fields: [authorId], references: [id])
  editor    Editor? @relation(fields: [editorId], references: [id], onDelete: Cascade, onUpdate: NoAction)
  aVeryLongFieldNameThatGoesOnAndOnForeverAndEver String
  anotherQuiteLongFieldNameToPushTheIndexNamePastLimit String
  @@id([id, slug])
  @@index([aVeryLongFieldNameThatGoesOnAndOnForeverAndEver, anotherQuiteLongFieldNameToPushTheIndexNamePastLimit])
}
model Editor {
  id    Int    @id
  posts Post[]
}
)prisma");
  const Catalog& c = e.catalog;
  const catalog::Table* users = c.table("public", "users");
  ASSERT_NE(users, nullptr);
  ASSERT_TRUE(users->primary_key.has_value());
  EXPECT_EQ(users->primary_key->name, "user_pk");
  EXPECT_TRUE(users->unique_constraints.empty());  // Prisma makes unique indexes, not constraints
  ASSERT_NE(index(*users, "users_email_key"), nullptr);
  EXPECT_EQ(index(*users, "users_email_key")->definition,
            "CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email)");
  ASSERT_NE(index(*users, "name_email"), nullptr);
  EXPECT_EQ(index(*users, "users_name_email_idx")->definition,
            "CREATE INDEX users_name_email_idx ON public.users USING btree (name DESC, email)");
  EXPECT_EQ(index(*users, "users_tags_idx")->definition, "CREATE INDEX users_tags_idx ON public.users USING gin (tags)");
  EXPECT_EQ(index(*users, "users_meta_idx")->definition,
            "CREATE INDEX users_meta_idx ON public.users USING gin (meta jsonb_path_ops)");
  EXPECT_EQ(index(*users, "trgm")->definition, "CREATE INDEX trgm ON public.users USING gin (name gin_trgm_ops)");
  EXPECT_EQ(index(*users, "user_pk")->definition, "CREATE UNIQUE INDEX user_pk ON public.users USING btree (id)");

  const catalog::Table* post = c.table("public", "Post");
  ASSERT_NE(post, nullptr);
  EXPECT_EQ(post->primary_key->name, "Post_pkey");
  EXPECT_EQ(post->primary_key->columns, (std::vector<std::string>{"id", "slug"}));
  ASSERT_EQ(post->foreign_keys.size(), 2u);
  const auto& author = post->foreign_keys[0];
  EXPECT_EQ(author.name, "Post_authorId_fkey");
  EXPECT_EQ(author.ref_table, "users");
  EXPECT_EQ(author.on_delete, "RESTRICT");  // required relation
  EXPECT_EQ(author.on_update, "CASCADE");
  const auto& editor = post->foreign_keys[1];
  EXPECT_EQ(editor.name, "Post_editorId_fkey");
  EXPECT_EQ(editor.on_delete, "CASCADE");
  EXPECT_EQ(editor.on_update, "NO ACTION");
  // Names over 63 bytes keep their suffix and lose the end of the `<table>_<columns>` part.
  std::string long_name = "Post_aVeryLongFieldNameThatGoesOnAndOnForeverAndEver_anotherQ_idx";
  long_name = long_name.substr(0, 59) + "_idx";
  EXPECT_NE(index(*post, long_name), nullptr);
  EXPECT_EQ(prisma_constraint_name("t", {"a"}, "key"), "t_a_key");
  EXPECT_EQ(prisma_constraint_name(std::string(70, 'x'), {}, "pkey"), std::string(58, 'x') + "_pkey");
  EXPECT_EQ(serial_sequence_name(std::string(70, 't'), "id"), std::string(56, 't') + "_id_seq");
  // Optional relation: ON DELETE SET NULL.
  auto opt = expect_text("model A {\n  id Int @id\n  bId Int?\n  b B? @relation(fields: [bId], references: [id])\n}\n"
                         "model B {\n  id Int @id\n  as A[]\n}\n");
  EXPECT_EQ(opt.catalog.table("public", "A")->foreign_keys.at(0).on_delete, "SET NULL");
  // An optional relation field over a required scalar is still RESTRICT (what Prisma 7 generates).
  auto mixed = expect_text("model A {\n  id Int @id\n  bId Int\n  b B? @relation(fields: [bId], references: [id])\n}\n"
                           "model B {\n  id Int @id\n  as A[]\n}\n");
  EXPECT_EQ(mixed.catalog.table("public", "A")->foreign_keys.at(0).on_delete, "RESTRICT");
}

TEST(PrismaExpect, ImplicitManyToManyDependsOnPrismaVersion) {
  std::string schema = "model Tag {\n  id String @id\n  posts Post[]\n}\nmodel Post {\n  id Int @id\n  tags Tag[]\n}\n";
  auto v7 = expect_text(schema);
  const catalog::Table* j = v7.catalog.table("public", "_PostToTag");
  ASSERT_NE(j, nullptr);
  ASSERT_EQ(j->columns.size(), 2u);
  EXPECT_EQ(j->columns[0].name, "A");
  EXPECT_EQ(j->columns[0].type, "integer");  // A = Post (sorts first), its id is Int
  EXPECT_EQ(j->columns[1].type, "text");
  ASSERT_TRUE(j->primary_key.has_value());
  EXPECT_EQ(j->primary_key->name, "_PostToTag_AB_pkey");
  ASSERT_NE(index(*j, "_PostToTag_B_index"), nullptr);
  ASSERT_EQ(j->foreign_keys.size(), 2u);
  EXPECT_EQ(j->foreign_keys[0].name, "_PostToTag_A_fkey");
  EXPECT_EQ(j->foreign_keys[0].ref_table, "Post");
  EXPECT_EQ(j->foreign_keys[0].on_delete, "CASCADE");

  auto v5 = expect_text(schema, ExpectOptions{5});
  const catalog::Table* j5 = v5.catalog.table("public", "_PostToTag");
  ASSERT_NE(j5, nullptr);
  EXPECT_FALSE(j5->primary_key.has_value());
  const catalog::Index* unique = index(*j5, "_PostToTag_AB_unique");
  ASSERT_NE(unique, nullptr);
  EXPECT_TRUE(unique->unique);
  EXPECT_EQ(unique->definition, "CREATE UNIQUE INDEX \"_PostToTag_AB_unique\" ON public.\"_PostToTag\" USING btree (\"A\", \"B\")");

  auto named = expect_text("model A {\n  id Int @id\n  bs B[] @relation(\"links\")\n}\nmodel B {\n  id Int @id\n  as A[] @relation(\"links\")\n}\n");
  EXPECT_NE(named.catalog.table("public", "_links"), nullptr);
}

TEST(PrismaExpect, MultiSchemaJoinTableLivesInTheFirstModelsSchema) {
  auto e = expect_text(R"prisma(
datasource db {
  provider = "postgresql"
  schemas  = ["veggies", "roots"]
}
model zoodles {
  id Int @id
  shiratakies shirataki[]
  @@schema("veggies")
}
model shirataki {
  id Int @id
  zoodles zoodles[]
  @@schema("roots")
}
)prisma");
  const Catalog& c = e.catalog;
  EXPECT_EQ(c.schemas, (std::vector<std::string>{"public", "roots", "veggies"}));
  const catalog::Table* j = c.table("roots", "_shiratakiTozoodles");
  ASSERT_NE(j, nullptr);
  EXPECT_EQ(j->primary_key->name, "_shiratakiTozoodles_AB_pkey");
  EXPECT_EQ(j->foreign_keys.at(0).ref_schema, "roots");
  EXPECT_EQ(j->foreign_keys.at(0).ref_table, "shirataki");
  EXPECT_EQ(j->foreign_keys.at(1).ref_schema, "veggies");
  EXPECT_NE(c.table("veggies", "zoodles"), nullptr);
  EXPECT_EQ(index(*j, "_shiratakiTozoodles_B_index")->definition,
            "CREATE INDEX \"_shiratakiTozoodles_B_index\" ON roots.\"_shiratakiTozoodles\" USING btree (\"B\")");
}

TEST(PrismaExpect, RelationModePrismaViewsIgnoreAndExtensions) {
  auto e = expect_text(R"prisma(
datasource db {
  provider     = "postgresql"
  relationMode = "prisma"
  extensions   = [pgcrypto, pgvector(map: "vector", schema: "ext")]
}
model A {
  id  Int @id
  bId Int
  b   B   @relation(fields: [bId], references: [id])
  @@index([bId])
}
model B {
  id Int @id
  as A[]
  @@ignore
}
view V {
  id Int @unique
}
)prisma");
  const Catalog& c = e.catalog;
  EXPECT_TRUE(c.table("public", "A")->foreign_keys.empty());
  EXPECT_NE(c.table("public", "B"), nullptr);  // @@ignore hides the model from the client, not from Migrate
  EXPECT_EQ(c.table("public", "V"), nullptr);  // views are not migrated
  EXPECT_TRUE(c.views.empty());
  ASSERT_EQ(c.extensions.size(), 2u);
  EXPECT_EQ(c.extensions[0].name, "pgcrypto");
  EXPECT_EQ(c.extensions[0].schema, "public");
  EXPECT_EQ(c.extensions[1].name, "vector");
  EXPECT_EQ(c.extensions[1].schema, "ext");
}

// SQL written in the schema is printed as PostgreSQL 15 prints it back (checked against a live server:
// pg_get_expr / pg_get_indexdef of the same DDL).
TEST(PrismaExpect, SqlTextsInTheSchemaAsPostgreSQLPrintsThem) {
  auto e = expect_text(R"prisma(
model Document {
  id        Int      @id @default(autoincrement())
  tags      String[]
  published Boolean  @default(false)
  expires   DateTime @default(dbgenerated("(now() + interval '7 days')"))
  status    String
  priority  Int?     @generated("CASE status WHEN 'WAITING' THEN 1 WHEN 'FAILED' THEN 2 END")
  @@index([tags], type: Gin, where: "published = true")
}
)prisma");
  const catalog::Table* t = e.catalog.table("public", "Document");
  ASSERT_NE(t, nullptr);
  const catalog::Index* ix = index(*t, "Document_tags_idx");
  ASSERT_NE(ix, nullptr);
  EXPECT_EQ(ix->predicate.value_or("<null>"), "(published = true)");
  EXPECT_EQ(ix->definition,
            "CREATE INDEX \"Document_tags_idx\" ON public.\"Document\" USING gin (tags) WHERE (published = true)");
  EXPECT_EQ(column(e.catalog, "Document", "expires").default_expr.value_or("<null>"),
            "(now() + '7 days'::interval)");
  const catalog::Column& priority = column(e.catalog, "Document", "priority");
  EXPECT_EQ(priority.generated, "s");
  // PostgreSQL prints "CASE status\n    WHEN 'WAITING'::text THEN 1\n ... ELSE NULL::integer\nEND"; the
  // layout of CASE is the catalog printer's (pg_expr), so only the analysed constants are checked here.
  EXPECT_NE(priority.default_expr.value_or("").find("WHEN 'WAITING'::text THEN 1"), std::string::npos)
      << priority.default_expr.value_or("<null>");
}

TEST(PrismaExpect, OriginsPointBackAtTheSchema) {
  std::string text = "model User {\n  id Int @id @default(autoincrement())\n  email String @unique @map(\"mail\")\n  @@map(\"users\")\n}\n";
  auto e = expect_text(text);
  auto at = [&](const std::string& key) -> std::string {
    auto it = e.origins.find(key);
    if (it == e.origins.end()) return "<none>";
    return std::string(it->second.file->slice(it->second.span));
  };
  EXPECT_EQ(at(table_key("public", "users")), "User");
  EXPECT_EQ(at(column_key("public", "users", "mail")), "email String @unique @map(\"mail\")");
  EXPECT_EQ(at(constraint_key("public", "users", "users_mail_key")), "@unique");
  EXPECT_EQ(at(constraint_key("public", "users", "users_pkey")), "@id");
  EXPECT_EQ(at(sequence_key("public", "users_id_seq")), "id Int @id @default(autoincrement())");
  EXPECT_EQ(e.origins.at(column_key("public", "users", "mail")).field, "email");
}

}  // namespace
}  // namespace sg::prisma
