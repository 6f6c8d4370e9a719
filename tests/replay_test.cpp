// Fixture tests of the replay engine: one per statement kind Prisma generates or people write by hand, and
// one per PostgreSQL error the replay predicts.
#include <gtest/gtest.h>

#include <algorithm>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/history/history.hpp"
#include "analyzer/replay/replay.hpp"
#include "analyzer/sql/parse.hpp"

namespace {

using sg::catalog::Catalog;
using sg::catalog::Table;

sg::Migration migration(const std::string& name, const std::string& sql) {
  sg::Migration m;
  m.name = name;
  m.file = std::make_shared<sg::SourceFile>(name + "/migration.sql", sql);
  m.readable = true;
  m.parsed = sg::sql::parse_sql(m.file->text());
  return m;
}

struct History {
  sg::replay::Replayer replayer;
  std::vector<sg::replay::MigrationOutcome> outcomes;
  const Catalog& cat() const { return replayer.catalog(); }
  const Table& table(const std::string& name) const {
    const Table* t = cat().table("public", name);
    if (!t) throw std::runtime_error("no table " + name);
    return *t;
  }
  sg::replay::MigrationOutcome apply(const std::string& sql) {
    outcomes.push_back(replayer.apply(migration("m" + std::to_string(outcomes.size()), sql)));
    return outcomes.back();
  }
};

const sg::catalog::Index* index(const Table& t, const std::string& name) {
  for (const auto& i : t.indexes)
    if (i.name == name) return &i;
  return nullptr;
}

std::string sqlstate(const sg::replay::MigrationOutcome& o) { return o.error ? o.error->sqlstate : ""; }

const char* kInit = R"sql(
-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" VARCHAR(255),
    "role" "Role" NOT NULL DEFAULT 'USER',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "settings" JSONB NOT NULL DEFAULT '{"b":1, "a": [1,2]}',
    "balance" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "score" INTEGER NOT NULL DEFAULT -1,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Post" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT 'draft',
    "authorId" INTEGER,
    "price" DECIMAL(10,2) NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
)sql";

TEST(Replay, PrismaCreateTablePrintsTypesAndDefaultsAsPostgres) {
  History r;
  auto o = r.apply(kInit);
  ASSERT_FALSE(o.error) << o.error->message;
  const Table& u = r.table("User");
  ASSERT_EQ(u.columns.size(), 10u);
  EXPECT_EQ(u.column("id")->type, "integer");
  EXPECT_EQ(u.column("id")->default_expr.value_or(""), "nextval('\"User_id_seq\"'::regclass)");
  EXPECT_FALSE(u.column("id")->nullable);
  EXPECT_EQ(u.column("name")->type, "character varying(255)");
  EXPECT_TRUE(u.column("name")->nullable);
  EXPECT_EQ(u.column("role")->type, "\"Role\"");
  EXPECT_EQ(u.column("role")->default_expr.value_or(""), "'USER'::\"Role\"");
  EXPECT_EQ(u.column("tags")->type, "text[]");
  EXPECT_EQ(u.column("tags")->default_expr.value_or(""), "ARRAY[]::text[]");
  EXPECT_EQ(u.column("settings")->default_expr.value_or(""), "'{\"a\": [1, 2], \"b\": 1}'::jsonb");
  EXPECT_EQ(u.column("balance")->type, "numeric(65,30)");
  EXPECT_EQ(u.column("balance")->default_expr.value_or(""), "0");
  EXPECT_EQ(u.column("score")->default_expr.value_or(""), "'-1'::integer");
  EXPECT_EQ(u.column("active")->default_expr.value_or(""), "true");
  EXPECT_EQ(u.column("createdAt")->type, "timestamp(3) without time zone");
  EXPECT_EQ(u.column("createdAt")->default_expr.value_or(""), "CURRENT_TIMESTAMP");
  EXPECT_EQ(r.table("Post").column("title")->default_expr.value_or(""), "'draft'::text");

  ASSERT_EQ(r.cat().sequences.size(), 1u);
  EXPECT_EQ(r.cat().sequences[0].name, "User_id_seq");
  EXPECT_EQ(r.cat().sequences[0].type, "integer");
  EXPECT_EQ(r.cat().sequences[0].owned_by.value_or(""), "User.id");

  ASSERT_TRUE(u.primary_key);
  EXPECT_EQ(u.primary_key->name, "User_pkey");
  const auto* pk = index(u, "User_pkey");
  ASSERT_TRUE(pk);
  EXPECT_TRUE(pk->primary);
  EXPECT_EQ(pk->definition, "CREATE UNIQUE INDEX \"User_pkey\" ON public.\"User\" USING btree (id)");
  const auto* email = index(u, "User_email_key");
  ASSERT_TRUE(email);
  EXPECT_EQ(email->definition, "CREATE UNIQUE INDEX \"User_email_key\" ON public.\"User\" USING btree (email)");

  const Table& p = r.table("Post");
  ASSERT_EQ(p.foreign_keys.size(), 1u);
  EXPECT_EQ(p.foreign_keys[0].name, "Post_authorId_fkey");
  EXPECT_EQ(p.foreign_keys[0].on_delete, "SET NULL");
  EXPECT_EQ(p.foreign_keys[0].on_update, "CASCADE");
  EXPECT_EQ(p.foreign_keys[0].ref_columns, std::vector<std::string>{"id"});
}

TEST(Replay, GeneratedNamesFollowPostgres) {
  History r;
  auto o = r.apply(R"sql(
CREATE TABLE "Item" ("id" INTEGER NOT NULL, "a" TEXT, "b" TEXT, "price" NUMERIC NOT NULL CHECK (price > 0), PRIMARY KEY ("id"), UNIQUE ("a", "b"));
CREATE TABLE "Ref" ("id" INTEGER PRIMARY KEY, "itemId" INTEGER REFERENCES "Item");
ALTER TABLE "Ref" ADD FOREIGN KEY ("itemId") REFERENCES "Item"("id");
CREATE INDEX ON "Item" ("a");
CREATE INDEX ON "Item" ("a");
CREATE INDEX ON "Item" (lower("b"));
)sql");
  ASSERT_FALSE(o.error) << o.error->message;
  const Table& item = r.table("Item");
  EXPECT_EQ(item.primary_key->name, "Item_pkey");
  ASSERT_EQ(item.unique_constraints.size(), 1u);
  EXPECT_EQ(item.unique_constraints[0].name, "Item_a_b_key");
  ASSERT_EQ(item.checks.size(), 1u);
  EXPECT_EQ(item.checks[0].name, "Item_price_check");
  EXPECT_EQ(item.checks[0].expression, "CHECK ((price > (0)::numeric))");
  EXPECT_TRUE(index(item, "Item_a_idx"));
  EXPECT_TRUE(index(item, "Item_a_idx1"));
  ASSERT_TRUE(index(item, "Item_lower_idx"));
  EXPECT_EQ(index(item, "Item_lower_idx")->definition,
            "CREATE INDEX \"Item_lower_idx\" ON public.\"Item\" USING btree (lower(b))");
  const Table& ref = r.table("Ref");
  ASSERT_EQ(ref.foreign_keys.size(), 2u);
  EXPECT_EQ(ref.foreign_keys[0].name, "Ref_itemId_fkey");
  EXPECT_EQ(ref.foreign_keys[1].name, "Ref_itemId_fkey1");
}

TEST(Replay, LongNamesAreTruncatedTo63BytesLikePostgres) {
  History r;
  std::string t(40, 'T');
  std::string c(40, 'c');
  auto o = r.apply("CREATE TABLE \"" + t + "\" (\"" + c + "\" INTEGER UNIQUE, \"x\" INTEGER);\n"
                    "ALTER TABLE \"" + t + "\" ADD UNIQUE (\"" + c + "\");");
  ASSERT_FALSE(o.error) << o.error->message;
  const Table& tab = r.table(t);
  ASSERT_EQ(tab.unique_constraints.size(), 2u);
  // makeObjectName: 63 bytes minus "_" x2 and "key" leaves 58, taken from the longer name first; the second
  // constraint collides and gets "key1", which leaves one byte less for the names.
  std::string first = std::string(29, 'T') + "_" + std::string(29, 'c') + "_key";
  std::string second = std::string(29, 'T') + "_" + std::string(28, 'c') + "_key1";
  EXPECT_EQ(first.size(), 63u);
  std::vector<std::string> names{tab.unique_constraints[0].name, tab.unique_constraints[1].name};
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{second, first}));
}

TEST(Replay, PrismaEnumRedefinitionInsideTransaction) {
  History r;
  ASSERT_FALSE(r.apply(kInit).error);
  auto o = r.apply(R"sql(
-- AlterEnum
BEGIN;
CREATE TYPE "Role_new" AS ENUM ('USER', 'EDITOR');
ALTER TABLE "User" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "User" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
ALTER TYPE "Role" RENAME TO "Role_old";
ALTER TYPE "Role_new" RENAME TO "Role";
DROP TYPE "Role_old";
ALTER TABLE "User" ALTER COLUMN "role" SET DEFAULT 'EDITOR';
COMMIT;
)sql");
  ASSERT_FALSE(o.error) << o.error->message;
  ASSERT_EQ(r.cat().enums.size(), 1u);
  EXPECT_EQ(r.cat().enums[0].name, "Role");
  EXPECT_EQ(r.cat().enums[0].values, (std::vector<std::string>{"USER", "EDITOR"}));
  EXPECT_EQ(r.table("User").column("role")->type, "\"Role\"");
  EXPECT_EQ(r.table("User").column("role")->default_expr.value_or(""), "'EDITOR'::\"Role\"");
}

// A type made in the file can only be used by tables the file reached, and the rename looks at those only:
// a table of an earlier migration altered to use it, one created beside it, and one untouched that uses
// another type whose name the new one starts with.
TEST(Replay, RenamingATypeMadeInTheFileRetypesTheTablesThatUseIt) {
  History r;
  ASSERT_FALSE(r.apply(kInit).error);
  ASSERT_FALSE(r.apply(R"sql(
CREATE TYPE "Kind" AS ENUM ('A');
CREATE TABLE "Other" ("id" INTEGER NOT NULL, "kind" "Kind" NOT NULL DEFAULT 'A');
)sql").error);
  auto o = r.apply(R"sql(
CREATE TYPE "Kind_new" AS ENUM ('A', 'B');
CREATE TABLE "Fresh" ("id" INTEGER NOT NULL, "kind" "Kind_new"[], CHECK ("kind" <> ARRAY['B']::"Kind_new"[]));
ALTER TABLE "User" ADD COLUMN "kind" "Kind_new" NOT NULL DEFAULT 'B';
ALTER TYPE "Kind_new" RENAME TO "Sort";
)sql");
  ASSERT_FALSE(o.error) << o.error->message;
  EXPECT_EQ(r.table("User").column("kind")->type, "\"Sort\"");
  EXPECT_EQ(r.table("User").column("kind")->default_expr.value_or(""), "'B'::\"Sort\"");
  EXPECT_EQ(r.table("Fresh").column("kind")->type, "\"Sort\"[]");
  ASSERT_EQ(r.table("Fresh").checks.size(), 1u);
  EXPECT_NE(r.table("Fresh").checks[0].expression.find("::\"Sort\""), std::string::npos)
      << r.table("Fresh").checks[0].expression;
  EXPECT_EQ(r.table("Other").column("kind")->type, "\"Kind\"");
  EXPECT_EQ(r.table("Other").column("kind")->default_expr.value_or(""), "'A'::\"Kind\"");
}

// A statement whose reach the replay does not know (a table rename: the reach names the table it made under
// its old name): the type rename looks at every table.
TEST(Replay, RenamingATypeAfterAStatementOfUnknownReachLooksAtEveryTable) {
  History r;
  ASSERT_FALSE(r.apply(kInit).error);
  auto o = r.apply(R"sql(
CREATE TYPE "Kind_new" AS ENUM ('A', 'B');
CREATE TABLE "Holder" ("id" INTEGER NOT NULL, "kind" "Kind_new");
ALTER TABLE "Holder" RENAME TO "Keeper";
ALTER TYPE "Kind_new" RENAME TO "Kind";
)sql");
  ASSERT_FALSE(o.error) << o.error->message;
  EXPECT_EQ(r.table("Keeper").column("kind")->type, "\"Kind\"");
}

// A rename finds the type's name as PostgreSQL prints it: bare as a whole word (also when a keyword is quoted),
// quoted otherwise; and not inside another type's name ("Kind" in "Kind_new").
TEST(Replay, RenamingATypeFindsItHoweverItsNameIsPrinted) {
  History r;
  ASSERT_FALSE(r.apply(R"sql(
CREATE TYPE status AS ENUM ('a', 'b');
CREATE TYPE "user" AS ENUM ('x');
CREATE TYPE "Kind" AS ENUM ('A');
CREATE TYPE "Kind_new" AS ENUM ('A');
CREATE TABLE "T" (
  "s" status NOT NULL DEFAULT 'a',
  "many" status[],
  "who" "user",
  "k" "Kind_new",
  CHECK ("s" <> 'b'::status)
);
)sql").error);
  auto o = r.apply(R"sql(
ALTER TYPE status RENAME TO state;
ALTER TYPE "user" RENAME TO member;
ALTER TYPE "Kind" RENAME TO "Kind_old";
)sql");
  ASSERT_FALSE(o.error) << o.error->message;
  const Table& t = r.table("T");
  EXPECT_EQ(t.column("s")->type, "state");
  EXPECT_EQ(t.column("s")->default_expr.value_or(""), "'a'::state");
  EXPECT_EQ(t.column("many")->type, "state[]");
  EXPECT_EQ(t.column("who")->type, "member");
  EXPECT_EQ(t.column("k")->type, "\"Kind_new\"");
  ASSERT_EQ(t.checks.size(), 1u);
  EXPECT_NE(t.checks[0].expression.find("'b'::state"), std::string::npos) << t.checks[0].expression;
}

// Renaming a type made by an earlier file finds the tables that use it from what each table prints, kept
// across files: tables changed after that was first worked out (a new column of the type, a table renamed,
// one made in another schema) are re-typed as well as those that used it from the start.
TEST(Replay, RenamingATypeOfAnEarlierFileFollowsEveryLaterChange) {
  History r;
  ASSERT_FALSE(r.apply(R"sql(
CREATE SCHEMA other;
CREATE TYPE "Mood" AS ENUM ('happy', 'sad');
CREATE TABLE "A" ("m" "Mood" NOT NULL DEFAULT 'happy');
CREATE TABLE "B" ("note" TEXT DEFAULT ('sad'::"Mood")::text);
CREATE TABLE "D" ("id" INTEGER);
CREATE TABLE "N" ("id" INTEGER);
)sql").error);
  // Builds what the tables print, then changes some of them in the same file and in later ones.
  ASSERT_FALSE(r.apply(R"sql(
ALTER TYPE "Mood" RENAME TO "Feeling";
ALTER TABLE "D" ADD COLUMN "f" "Feeling";
)sql").error);
  ASSERT_FALSE(r.apply(R"sql(ALTER TABLE "A" ADD COLUMN "n" INTEGER;)sql").error);
  ASSERT_FALSE(r.apply(R"sql(CREATE TABLE other."C" ("fs" "Feeling"[]);)sql").error);
  auto o = r.apply(R"sql(ALTER TYPE "Feeling" RENAME TO "Temper";)sql");
  ASSERT_FALSE(o.error) << o.error->message;
  EXPECT_EQ(r.table("A").column("m")->type, "\"Temper\"");
  EXPECT_EQ(r.table("A").column("m")->default_expr.value_or(""), "'happy'::\"Temper\"");
  EXPECT_EQ(r.table("B").column("note")->default_expr.value_or(""), "('sad'::\"Temper\")::text");
  EXPECT_EQ(r.table("D").column("f")->type, "\"Temper\"");
  const Table* c = r.cat().table("other", "C");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->column("fs")->type, "\"Temper\"[]");
  // A file of unknown reach between two renames: "D" and "N" swap names, so the table now called "N" is the
  // one that uses the type.
  ASSERT_FALSE(r.apply(R"sql(
ALTER TABLE "D" RENAME TO "tmp";
ALTER TABLE "N" RENAME TO "D";
ALTER TABLE "tmp" RENAME TO "N";
)sql").error);
  o = r.apply(R"sql(ALTER TYPE "Temper" RENAME TO "Mood";)sql");
  ASSERT_FALSE(o.error) << o.error->message;
  EXPECT_EQ(r.table("N").column("f")->type, "\"Mood\"");
  EXPECT_EQ(r.table("A").column("m")->type, "\"Mood\"");
  // The type is in use: dropping it fails however few tables the file touched.
  o = r.apply(R"sql(ALTER TABLE "A" ADD COLUMN "k" INTEGER; DROP TYPE "Mood";)sql");
  EXPECT_EQ(sqlstate(o), "2BP01");
}

TEST(Replay, RenamesFollowEveryReference) {
  History r;
  ASSERT_FALSE(r.apply(kInit).error);
  auto o = r.apply(R"sql(
ALTER TABLE "User" RENAME COLUMN "email" TO "mail";
ALTER INDEX "User_email_key" RENAME TO "User_mail_key";
ALTER TABLE "User" RENAME TO "Account";
ALTER TABLE "Post" RENAME CONSTRAINT "Post_authorId_fkey" TO "Post_account_fkey";
ALTER TYPE "Role" RENAME VALUE 'USER' TO 'MEMBER';
)sql");
  ASSERT_FALSE(o.error) << o.error->message;
  EXPECT_FALSE(r.cat().table("public", "User"));
  const Table& a = r.table("Account");
  ASSERT_TRUE(index(a, "User_mail_key"));
  EXPECT_EQ(index(a, "User_mail_key")->definition,
            "CREATE UNIQUE INDEX \"User_mail_key\" ON public.\"Account\" USING btree (mail)");
  EXPECT_EQ(a.column("role")->default_expr.value_or(""), "'MEMBER'::\"Role\"");
  EXPECT_EQ(r.cat().sequences[0].owned_by.value_or(""), "Account.id");
  const Table& p = r.table("Post");
  EXPECT_EQ(p.foreign_keys[0].name, "Post_account_fkey");
  EXPECT_EQ(p.foreign_keys[0].ref_table, "Account");
}

TEST(Replay, ManyToManyAndHandWrittenDdl) {
  History r;
  ASSERT_FALSE(r.apply(kInit).error);
  auto o = r.apply(R"sql(
CREATE TABLE "_PostToUser" ("A" TEXT NOT NULL, "B" INTEGER NOT NULL, CONSTRAINT "_PostToUser_AB_pkey" PRIMARY KEY ("A","B"));
CREATE INDEX "_PostToUser_B_index" ON "_PostToUser"("B");
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE SCHEMA audit;
CREATE TABLE audit.log (id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ DEFAULT now(), kind VARCHAR(20) DEFAULT 'x');
CREATE INDEX "User_active_idx" ON "User" ("createdAt" DESC) WHERE active = true;
CREATE UNIQUE INDEX "User_lower_email" ON "User" (lower(email));
CREATE INDEX "User_name_trgm" ON "User" USING gin (name gin_trgm_ops);
ALTER TABLE "Post" ADD CONSTRAINT "Post_price_check" CHECK (price >= 0) NOT VALID;
ALTER TABLE "Post" VALIDATE CONSTRAINT "Post_price_check";
CREATE UNIQUE INDEX "Post_title_idx" ON "Post" ("title");
ALTER TABLE "Post" ADD CONSTRAINT "Post_title_key" UNIQUE USING INDEX "Post_title_idx";
CREATE VIEW active_users AS SELECT id, email FROM "User" WHERE active;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW."createdAt" = now(); RETURN NEW; END $$;
CREATE TRIGGER user_touch BEFORE UPDATE ON "User" FOR EACH ROW EXECUTE FUNCTION touch();
COMMENT ON TABLE "User" IS 'people';
INSERT INTO "User" (email) VALUES ('a@b.c');
UPDATE "User" SET name = 'x';
GRANT SELECT ON "User" TO PUBLIC;
)sql");
  ASSERT_FALSE(o.error) << o.error->message;
  for (const auto& f : o.findings) ADD_FAILURE() << "unexpected finding: " << f.rule << " " << f.message;
  const Table& m2m = r.table("_PostToUser");
  EXPECT_EQ(m2m.primary_key->columns, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(index(m2m, "_PostToUser_AB_pkey")->definition,
            "CREATE UNIQUE INDEX \"_PostToUser_AB_pkey\" ON public.\"_PostToUser\" USING btree (\"A\", \"B\")");
  const Table* log = r.cat().table("audit", "log");
  ASSERT_TRUE(log);
  EXPECT_EQ(log->column("id")->type, "bigint");
  EXPECT_EQ(log->column("id")->default_expr.value_or(""), "nextval('audit.log_id_seq'::regclass)");
  EXPECT_EQ(log->column("at")->default_expr.value_or(""), "now()");
  EXPECT_EQ(log->column("kind")->default_expr.value_or(""), "'x'::character varying");
  const Table& u = r.table("User");
  const auto* partial = index(u, "User_active_idx");
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->predicate.value_or(""), "(active = true)");
  EXPECT_EQ(partial->definition,
            "CREATE INDEX \"User_active_idx\" ON public.\"User\" USING btree (\"createdAt\" DESC) WHERE (active = true)");
  ASSERT_TRUE(index(u, "User_lower_email"));
  EXPECT_EQ(index(u, "User_lower_email")->columns, std::vector<std::string>{"lower(email)"});
  EXPECT_EQ(index(u, "User_name_trgm")->definition,
            "CREATE INDEX \"User_name_trgm\" ON public.\"User\" USING gin (name gin_trgm_ops)");
  const Table& p = r.table("Post");
  ASSERT_EQ(p.checks.size(), 1u);
  EXPECT_EQ(p.checks[0].expression, "CHECK ((price >= (0)::numeric))");
  ASSERT_EQ(p.unique_constraints.size(), 1u);
  EXPECT_EQ(p.unique_constraints[0].name, "Post_title_key");
  EXPECT_TRUE(index(p, "Post_title_key"));
  EXPECT_FALSE(index(p, "Post_title_idx"));
  ASSERT_EQ(r.cat().views.size(), 1u);
  EXPECT_EQ(r.cat().views[0].name, "active_users");
  ASSERT_EQ(r.cat().functions.size(), 1u);
  ASSERT_EQ(r.cat().triggers.size(), 1u);
  EXPECT_EQ(r.cat().triggers[0].table, "User");
  ASSERT_EQ(r.cat().extensions.size(), 1u);
  EXPECT_EQ(r.cat().extensions[0].name, "pg_trgm");
}

TEST(Replay, IdentityColumnsOwnASequence) {
  History r;
  auto o = r.apply("CREATE TABLE t (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n INT);");
  ASSERT_FALSE(o.error) << o.error->message;
  EXPECT_EQ(r.table("t").column("id")->identity, "d");
  EXPECT_FALSE(r.table("t").column("id")->default_expr);
  ASSERT_EQ(r.cat().sequences.size(), 1u);
  EXPECT_EQ(r.cat().sequences[0].name, "t_id_seq");
  EXPECT_EQ(r.cat().sequences[0].type, "integer");
}

TEST(Replay, DoBlockIsReportedAsUnsupported) {
  History r;
  auto o = r.apply("DO $$ BEGIN RAISE NOTICE 'x'; END $$;");
  ASSERT_FALSE(o.error);
  ASSERT_EQ(o.findings.size(), 1u);
  EXPECT_EQ(o.findings[0].rule, "unsupported-statement");
  EXPECT_EQ(o.findings[0].severity, sg::Severity::Info);
  EXPECT_EQ(o.findings[0].location.range.start.line, 1u);
}

// ---- predicted PostgreSQL errors ---------------------------------------------------------------------------

TEST(ReplayErrors, AlterOfMissingTableIs42P01AndRollsBackTheFile) {
  History r;
  auto o = r.apply("CREATE TABLE a (id int);\nALTER TABLE \"Missing\" ADD COLUMN x int;");
  EXPECT_EQ(sqlstate(o), "42P01");
  EXPECT_EQ(o.error->statement_index, 1u);
  EXPECT_EQ(o.error->message, "relation \"Missing\" does not exist");
  ASSERT_EQ(o.findings.size(), 1u);
  EXPECT_EQ(o.findings[0].rule, "replay-error");
  EXPECT_EQ(o.findings[0].severity, sg::Severity::Error);
  EXPECT_NE(o.findings[0].message.find("P3018"), std::string::npos);
  EXPECT_NE(o.findings[0].message.find("42P01"), std::string::npos);
  EXPECT_EQ(o.findings[0].location.range.start.line, 2u);
  // The implicit transaction rolls back: the table created before the error is gone.
  EXPECT_FALSE(r.cat().table("public", "a"));
  // Replay goes on with the next migration from the state before the failed one.
  EXPECT_FALSE(r.apply("CREATE TABLE a (id int);").error);
  EXPECT_TRUE(r.cat().table("public", "a"));
}

TEST(ReplayErrors, RollbackStopsAtTheLastCommit) {
  History r;
  auto o = r.apply("BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nCREATE TABLE b (id int);\nCREATE TABLE a (id int);");
  EXPECT_EQ(sqlstate(o), "42P07");
  EXPECT_TRUE(r.cat().table("public", "a"));
  EXPECT_FALSE(r.cat().table("public", "b"));
}

TEST(ReplayErrors, DuplicateNames) {
  {
    History r;
    EXPECT_EQ(sqlstate(r.apply("CREATE TABLE a (id int);\nCREATE TABLE a (id int);")), "42P07");
  }
  {
    History r;
    EXPECT_EQ(sqlstate(r.apply("CREATE TYPE e AS ENUM ('x');\nCREATE TYPE e AS ENUM ('y');")), "42710");
  }
  {
    History r;
    EXPECT_EQ(sqlstate(r.apply("CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN id int;")), "42701");
  }
  {
    History r;
    EXPECT_EQ(sqlstate(r.apply("CREATE TABLE a (id int);\nCREATE INDEX i ON a (id);\nCREATE INDEX i ON a (id);")),
              "42P07");
  }
}

TEST(ReplayErrors, DroppingWhatOthersDependOnNeedsCascade) {
  History r;
  ASSERT_FALSE(r.apply(kInit).error);
  EXPECT_EQ(sqlstate(r.apply("DROP TABLE \"User\";")), "2BP01");
  EXPECT_EQ(sqlstate(r.apply("ALTER TABLE \"User\" DROP COLUMN \"id\";")), "2BP01");
  EXPECT_EQ(sqlstate(r.apply("DROP TYPE \"Role\";")), "2BP01");
  ASSERT_TRUE(r.cat().table("public", "User"));
  EXPECT_FALSE(r.apply("DROP TABLE \"User\" CASCADE;").error);
  EXPECT_FALSE(r.cat().table("public", "User"));
  EXPECT_TRUE(r.table("Post").foreign_keys.empty());
  EXPECT_TRUE(r.cat().sequences.empty());
}

TEST(ReplayErrors, TypeChangeWithoutCastIs42804) {
  History r;
  ASSERT_FALSE(r.apply(kInit).error);
  auto o = r.apply("ALTER TABLE \"Post\" ALTER COLUMN \"title\" TYPE INTEGER;");
  EXPECT_EQ(sqlstate(o), "42804");
  EXPECT_EQ(o.error->message, "column \"title\" cannot be cast automatically to type integer");
  EXPECT_EQ(sqlstate(r.apply("ALTER TABLE \"User\" ALTER COLUMN \"role\" TYPE TEXT;")), "");
  // The default 'USER'::"Role" converts to text by the enum's output function; to an enum it cannot.
  EXPECT_EQ(sqlstate(r.apply("CREATE TYPE \"R2\" AS ENUM ('USER');\n"
                             "ALTER TABLE \"Post\" ALTER COLUMN \"title\" TYPE \"R2\" USING title::\"R2\";")),
            "42804");
  // The default 'draft'::text has no assignment cast to integer either: it must go first.
  EXPECT_EQ(sqlstate(r.apply("ALTER TABLE \"Post\" ALTER COLUMN \"title\" TYPE INTEGER USING length(title);")),
            "42804");
  EXPECT_FALSE(r.apply("ALTER TABLE \"Post\" ALTER COLUMN \"title\" DROP DEFAULT,\n"
                       "  ALTER COLUMN \"title\" TYPE INTEGER USING length(title);")
                   .error);
  EXPECT_EQ(r.table("Post").column("title")->type, "integer");
}

TEST(ReplayErrors, NewEnumValueUsedInTheSameTransactionIs55P04) {
  History r;
  ASSERT_FALSE(r.apply(kInit).error);
  auto o = r.apply("ALTER TYPE \"Role\" ADD VALUE 'OWNER';\n"
                    "ALTER TABLE \"User\" ALTER COLUMN \"role\" SET DEFAULT 'OWNER';");
  EXPECT_EQ(sqlstate(o), "55P04");
  EXPECT_EQ(o.error->message, "unsafe use of new value \"OWNER\" of enum type \"Role\"");
  // In two files (two transactions) it works.
  EXPECT_FALSE(r.apply("ALTER TYPE \"Role\" ADD VALUE 'OWNER';").error);
  EXPECT_FALSE(r.apply("ALTER TABLE \"User\" ALTER COLUMN \"role\" SET DEFAULT 'OWNER';").error);
  // A type created in the same transaction may use its new labels at once.
  EXPECT_FALSE(r.apply("CREATE TYPE k AS ENUM ('a');\nALTER TYPE k ADD VALUE 'b';\n"
                       "CREATE TABLE kt (v k DEFAULT 'b');")
                   .error);
}

TEST(ReplayErrors, ConcurrentlyInsideATransactionBlockIs25001) {
  History r;
  ASSERT_FALSE(r.apply(kInit).error);
  auto o = r.apply("CREATE INDEX CONCURRENTLY \"Post_title_idx\" ON \"Post\"(\"title\");\nSELECT 1;");
  EXPECT_EQ(sqlstate(o), "25001");
  EXPECT_EQ(o.error->message, "CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
  // Alone in its file it runs outside any transaction block.
  EXPECT_FALSE(r.apply("CREATE INDEX CONCURRENTLY \"Post_title_idx\" ON \"Post\"(\"title\");").error);
  EXPECT_TRUE(index(r.table("Post"), "Post_title_idx"));
  EXPECT_EQ(sqlstate(r.apply("DROP INDEX CONCURRENTLY \"Post_title_idx\";\nSELECT 1;")), "25001");
}

TEST(ReplayErrors, MissingColumnsAndTypes) {
  History r;
  ASSERT_FALSE(r.apply(kInit).error);
  EXPECT_EQ(sqlstate(r.apply("ALTER TABLE \"User\" DROP COLUMN \"nope\";")), "42703");
  EXPECT_EQ(sqlstate(r.apply("CREATE TABLE x (v \"Nope\");")), "42704");
  EXPECT_EQ(sqlstate(r.apply("CREATE INDEX i ON \"User\" (\"nope\");")), "42703");
  EXPECT_EQ(sqlstate(r.apply("ALTER TABLE \"Post\" DROP CONSTRAINT \"nope\";")), "42704");
  EXPECT_EQ(sqlstate(r.apply("ALTER TABLE \"Post\" ADD CONSTRAINT f FOREIGN KEY (\"title\") REFERENCES \"User\"(\"name\");")),
            "42830");
}

}  // namespace
