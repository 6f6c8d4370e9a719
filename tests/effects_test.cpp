// Effects (lock mode, rewrite, scan per statement), column type changes, transaction contexts and the Prisma
// version model, checked on statements parsed and replayed like a real history.
#include <gtest/gtest.h>

#include "analyzer/effects/column_type.hpp"
#include "analyzer/effects/effects.hpp"
#include "analyzer/effects/transaction.hpp"
#include "analyzer/history/history.hpp"
#include "analyzer/replay/replay.hpp"
#include "analyzer/sql/parse.hpp"
#include "rules/lint.hpp"
#include "rules/rule.hpp"
#include "support/test_support.hpp"

using namespace sg;
using effects::LockMode;

namespace {

// Replays `setup` as one migration, then returns the effects of the single statement in `statement`.
effects::StatementEffects effects_after(const std::string& setup, const std::string& statement, int pg = 15) {
  test::TempDir dir;
  test::write_file(dir.path() / "20240101000000_setup" / "migration.sql", setup);
  test::write_file(dir.path() / "20240102000000_change" / "migration.sql", statement);
  MigrationHistory h = load_history(dir.path());
  parse_history(h, 1);
  replay::Replayer replayer;
  replayer.apply(h.migrations.at(0));
  effects::StatementEffects out;
  out.complete = false;
  replayer.apply(h.migrations.at(1), [&](const sql::Statement& st, const catalog::Catalog& before) {
    out = effects::effects_of(st, before, pg);
  });
  return out;
}

const char* kPost =
    "CREATE TABLE \"Post\" (\"id\" SERIAL NOT NULL, \"title\" VARCHAR(100), \"views\" INTEGER, "
    "\"price\" DECIMAL(10,2), \"email\" TEXT, CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\"));\n"
    "CREATE TABLE \"User\" (\"id\" SERIAL NOT NULL, CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));\n";

struct Expected {
  const char* sql;
  LockMode mode;
  bool rewrite;
  bool scan;
};

TEST(Effects, LockModeRewriteAndScanOnPost) {
  const Expected cases[] = {
      {"ALTER TABLE \"Post\" ALTER COLUMN \"title\" SET DATA TYPE VARCHAR(200);", LockMode::AccessExclusive, false, false},
      {"ALTER TABLE \"Post\" ALTER COLUMN \"title\" SET DATA TYPE TEXT;", LockMode::AccessExclusive, false, false},
      {"ALTER TABLE \"Post\" ALTER COLUMN \"title\" SET DATA TYPE VARCHAR(50);", LockMode::AccessExclusive, true, false},
      {"ALTER TABLE \"Post\" ALTER COLUMN \"views\" SET DATA TYPE BIGINT;", LockMode::AccessExclusive, true, false},
      {"ALTER TABLE \"Post\" ALTER COLUMN \"price\" SET DATA TYPE DECIMAL(12,2);", LockMode::AccessExclusive, false, false},
      {"ALTER TABLE \"Post\" ALTER COLUMN \"price\" SET DATA TYPE DECIMAL(12,3);", LockMode::AccessExclusive, true, false},
      {"ALTER TABLE \"Post\" ADD COLUMN \"at\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;", LockMode::AccessExclusive, false, true},
      {"ALTER TABLE \"Post\" ADD COLUMN \"tag\" TEXT DEFAULT 'x';", LockMode::AccessExclusive, false, false},
      {"ALTER TABLE \"Post\" ADD COLUMN \"token\" UUID DEFAULT gen_random_uuid();", LockMode::AccessExclusive, true, false},
      {"ALTER TABLE \"Post\" ADD COLUMN \"n\" SERIAL;", LockMode::AccessExclusive, true, false},
      {"ALTER TABLE \"Post\" ALTER COLUMN \"email\" SET NOT NULL;", LockMode::AccessExclusive, false, true},
      {"ALTER TABLE \"Post\" ADD CONSTRAINT \"c\" CHECK (\"views\" > 0);", LockMode::AccessExclusive, false, true},
      {"ALTER TABLE \"Post\" ADD CONSTRAINT \"c\" CHECK (\"views\" > 0) NOT VALID;", LockMode::AccessExclusive, false, false},
      {"ALTER TABLE \"Post\" ADD CONSTRAINT \"u\" UNIQUE (\"email\");", LockMode::AccessExclusive, false, true},
      {"CREATE INDEX \"i\" ON \"Post\"(\"email\");", LockMode::Share, false, true},
      {"CREATE INDEX CONCURRENTLY \"i\" ON \"Post\"(\"email\");", LockMode::ShareUpdateExclusive, false, true},
      {"ALTER TABLE \"Post\" DROP COLUMN \"email\";", LockMode::AccessExclusive, false, false},
      {"ALTER TABLE \"Post\" RENAME COLUMN \"email\" TO \"mail\";", LockMode::AccessExclusive, false, false},
      {"ALTER TABLE \"Post\" SET UNLOGGED;", LockMode::AccessExclusive, true, false},
      {"TRUNCATE \"Post\";", LockMode::AccessExclusive, true, false},
      {"VACUUM FULL \"Post\";", LockMode::AccessExclusive, true, false},
      {"CREATE TRIGGER \"t\" AFTER INSERT ON \"Post\" FOR EACH ROW EXECUTE FUNCTION f();", LockMode::ShareRowExclusive, false, false},
  };
  for (const auto& c : cases) {
    auto e = effects_after(kPost, c.sql);
    const auto* t = e.find("public", "Post");
    ASSERT_NE(t, nullptr) << c.sql;
    EXPECT_EQ(t->mode, c.mode) << c.sql << ": " << effects::to_string(t->mode);
    EXPECT_EQ(t->rewrite, c.rewrite) << c.sql;
    EXPECT_EQ(t->scan, c.scan) << c.sql;
  }
}

TEST(Effects, ForeignKeyLocksBothTables) {
  auto e = effects_after(kPost + std::string("ALTER TABLE \"Post\" ADD COLUMN \"userId\" INTEGER;\n"),
                         "ALTER TABLE \"Post\" ADD CONSTRAINT \"fk\" FOREIGN KEY (\"userId\") REFERENCES \"User\"(\"id\");");
  ASSERT_NE(e.find("public", "Post"), nullptr);
  ASSERT_NE(e.find("public", "User"), nullptr);
  EXPECT_EQ(e.find("public", "Post")->mode, LockMode::ShareRowExclusive);
  EXPECT_TRUE(e.find("public", "Post")->scan);
  EXPECT_EQ(e.find("public", "User")->mode, LockMode::ShareRowExclusive);
}

TEST(Effects, AddColumnDefaultRewritesBeforePg11Only) {
  const char* add = "ALTER TABLE \"Post\" ADD COLUMN \"tag\" TEXT DEFAULT 'x';";
  EXPECT_TRUE(effects_after(kPost, add, 10).find("public", "Post")->rewrite);
  EXPECT_FALSE(effects_after(kPost, add, 11).find("public", "Post")->rewrite);
}

TEST(Effects, NonTransactionalStatements) {
  EXPECT_FALSE(effects_after(kPost, "CREATE INDEX CONCURRENTLY \"i\" ON \"Post\"(\"email\");").transactional);
  EXPECT_FALSE(effects_after(kPost, "VACUUM \"Post\";").transactional);
  EXPECT_TRUE(effects_after(kPost, "ANALYZE \"Post\";").transactional);
  std::string with_enum = kPost + std::string("CREATE TYPE \"Role\" AS ENUM ('A');\n");
  EXPECT_FALSE(effects_after(with_enum, "ALTER TYPE \"Role\" ADD VALUE 'B';", 11).transactional);
  EXPECT_TRUE(effects_after(with_enum, "ALTER TYPE \"Role\" ADD VALUE 'B';", 12).transactional);
}

TEST(Effects, NewTablesAreNotReported) {
  auto e = effects_after(kPost, "CREATE TABLE \"X\" (\"id\" INTEGER);");
  EXPECT_TRUE(e.tables.empty());
  EXPECT_TRUE(e.complete);
}

TEST(ColumnType, ParsesAndPrintsFormatType) {
  for (const char* t : {"character varying(100)", "timestamp(3) without time zone", "numeric(10,2)", "text[]",
                        "integer", "\"Role\"", "time(6) with time zone"})
    EXPECT_EQ(effects::parse_catalog_type(t).to_string(), t);
}

TEST(ColumnType, ClassifiesChanges) {
  using effects::TypeChangeKind;
  auto c = [](const char* a, const char* b) {
    return effects::classify_type_change(effects::parse_catalog_type(a), effects::parse_catalog_type(b));
  };
  EXPECT_EQ(c("character varying(10)", "character varying(20)").kind, TypeChangeKind::NoRewrite);
  EXPECT_EQ(c("character varying(10)", "text").kind, TypeChangeKind::NoRewrite);
  EXPECT_EQ(c("text", "character varying").kind, TypeChangeKind::NoRewrite);
  EXPECT_TRUE(c("text", "character varying(10)").narrowing);
  EXPECT_TRUE(c("character varying(20)", "character varying(10)").narrowing);
  EXPECT_EQ(c("integer", "bigint").kind, TypeChangeKind::Rewrite);
  EXPECT_FALSE(c("integer", "bigint").narrowing);
  EXPECT_TRUE(c("bigint", "integer").narrowing);
  EXPECT_EQ(c("numeric(10,2)", "numeric(12,2)").kind, TypeChangeKind::NoRewrite);
  EXPECT_TRUE(c("numeric(10,2)", "numeric(8,2)").narrowing);
  EXPECT_EQ(c("timestamp(3) without time zone", "timestamp(6) without time zone").kind, TypeChangeKind::NoRewrite);
  EXPECT_EQ(c("timestamp(3) without time zone", "timestamp(3) with time zone").kind, TypeChangeKind::Rewrite);
}

TEST(Transaction, ContextsFollowBeginAndCommit) {
  auto f = sql::parse_sql("CREATE TABLE a (x int);\nBEGIN;\nCREATE TABLE b (x int);\nBEGIN;\nCOMMIT;\nSELECT 1;");
  auto tx = effects::transaction_contexts(f);
  ASSERT_EQ(tx.size(), 6u);
  EXPECT_EQ(tx[0].statements_in_file, 6u);
  EXPECT_FALSE(tx[0].explicit_block);
  EXPECT_TRUE(tx[2].explicit_block);
  EXPECT_TRUE(tx[3].explicit_nested);
  EXPECT_FALSE(tx[5].explicit_block);
  EXPECT_TRUE(tx[5].in_block_whole_file());
  EXPECT_FALSE(tx[5].in_block_split());
}

TEST(Transaction, PrismaVersionDecidesSplitting) {
  auto v = [](const char* s) { return *effects::PrismaVersion::parse(s); };
  EXPECT_FALSE(v("7").always_splits());
  EXPECT_FALSE(v("7.3.0").always_splits());
  EXPECT_TRUE(v("7.4").always_splits());
  EXPECT_TRUE(v("7.10.1").always_splits());
  EXPECT_FALSE(v("wasm:7.10.1").always_splits());
  EXPECT_FALSE(v("6.19.0").always_splits());
  EXPECT_FALSE(effects::PrismaVersion::parse("seven").has_value());

  auto create = sql::parse_sql("CREATE INDEX CONCURRENTLY i ON t (x);\nSELECT 1;");
  auto drop = sql::parse_sql("DROP INDEX CONCURRENTLY i;\nSELECT 1;");
  auto single = sql::parse_sql("CREATE INDEX CONCURRENTLY i ON t (x);");
  auto tx_create = effects::transaction_contexts(create);
  auto tx_drop = effects::transaction_contexts(drop);
  auto tx_single = effects::transaction_contexts(single);
  EXPECT_TRUE(effects::in_block_under_prisma(tx_create[0], v("7")).has_value());
  EXPECT_FALSE(effects::in_block_under_prisma(tx_create[0], v("7.4")).has_value());
  EXPECT_TRUE(effects::in_block_under_prisma(tx_create[0], v("wasm:7.10.1")).has_value());
  EXPECT_TRUE(effects::in_block_under_prisma(tx_drop[0], v("7.10")).has_value());
  EXPECT_FALSE(effects::in_block_under_prisma(tx_single[0], v("6.0")).has_value());
}

TEST(Transaction, LintHonoursPrismaVersion) {
  test::TempDir dir;
  test::write_file(dir.path() / "20240101000000_init" / "migration.sql",
                   "CREATE TABLE \"Post\" (\"id\" INTEGER NOT NULL, CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\"));");
  test::write_file(dir.path() / "20240102000000_idx" / "migration.sql",
                   "CREATE INDEX CONCURRENTLY \"i\" ON \"Post\"(\"id\");\nALTER TABLE \"Post\" ADD COLUMN \"x\" TEXT;");
  MigrationHistory h = load_history(dir.path());
  parse_history(h, 1);
  auto count = [&](const char* version) {
    rules::LintOptions opts;
    opts.enabled = {"concurrently-in-transaction"};
    opts.prisma_version = *effects::PrismaVersion::parse(version);
    int n = 0;
    for (const auto& f : rules::lint_history(h, opts).findings) n += f.rule == "concurrently-in-transaction";
    return n;
  };
  EXPECT_EQ(count("7"), 1);
  EXPECT_EQ(count("6.19"), 1);
  EXPECT_EQ(count("7.4"), 0);
  EXPECT_EQ(count("wasm:7.10.1"), 1);
}

}  // namespace
