// The live database, on a real PostgreSQL 15 on loopback (tests/support/pg_cluster): status against
// `_prisma_migrations` rows written the way Prisma writes them, drift after manual changes, read-only and
// password-safe connections, and every corpus applied, recorded and found drift-free.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/hash.hpp"
#include "analyzer/integrity/process.hpp"
#include "analyzer/live/introspect.hpp"
#include "analyzer/live/live_checks.hpp"
#include "support/pg_cluster.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace sg;
using sg::test::PgCluster;
using sg::test::run_cli;
using sg::test::TempDir;
using sg::test::write_file;

// As Prisma Migrate creates it (spec/prisma-migrations-table.md).
constexpr const char* kMigrationsTable = R"(CREATE TABLE _prisma_migrations (
    id                  VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum            VARCHAR(64) NOT NULL,
    finished_at         TIMESTAMPTZ,
    migration_name      VARCHAR(255) NOT NULL,
    logs                TEXT,
    rolled_back_at      TIMESTAMPTZ,
    started_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count INTEGER NOT NULL DEFAULT 0
))";

const char* kInit = R"(-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'USER',
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
)";
const char* kPosts = R"(-- CreateTable
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "authorId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
)";
const char* kIndex = "-- CreateIndex\nCREATE INDEX \"Post_authorId_idx\" ON \"Post\"(\"authorId\");\n";

std::string sql_literal(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

class Live : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cluster_ = new PgCluster(); }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  void SetUp() override {
    if (!cluster_->running()) GTEST_SKIP() << "PostgreSQL 15 test cluster unavailable: " << cluster_->why_not();
    root_ = dir_.path() / "prisma/migrations";
    write_file(root_ / "migration_lock.toml", "provider = \"postgresql\"\n");
    write_file(root_ / "20240101000000_init/migration.sql", kInit);
    write_file(root_ / "20240102000000_posts/migration.sql", kPosts);
    write_file(root_ / "20240103000000_post_author_index/migration.sql", kIndex);
  }

  std::string fresh_database() {
    static int counter = 0;
    std::string name = "sg_live_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    EXPECT_TRUE(cluster_->create_database(name));
    return name;
  }
  static std::string url(const std::string& db, const std::string& user = "postgres", const std::string& password = "") {
    return "postgresql://" + user + (password.empty() ? "" : ":" + password) + "@127.0.0.1:" +
           std::to_string(cluster_->port()) + "/" + db;
  }
  void exec(const std::string& db, const std::string& sql) {
    auto r = cluster_->exec(db, sql);
    ASSERT_TRUE(r.ok) << r.sqlstate << " " << r.message << "\n" << sql;
  }
  // Writes a row as `migrate deploy` leaves it after success (finished) or failure (not finished).
  void record(const std::string& db, const std::string& name, const std::string& checksum, bool finished = true,
              const std::string& schema = "public") {
    exec(db, "INSERT INTO \"" + schema + "\"._prisma_migrations (id, checksum, finished_at, migration_name, logs, "
             "rolled_back_at, started_at, applied_steps_count) VALUES (gen_random_uuid()::text, " +
                 sql_literal(checksum) + ", " + (finished ? "now()" : "NULL") + ", " + sql_literal(name) + ", " +
                 (finished ? "NULL" : "'ERROR: boom'") + ", NULL, now(), " + (finished ? "1" : "0") + ")");
  }
  // Applies the first `count` migrations of `root` (each file as one simple query, as Prisma sends it) and
  // records them as Prisma does, a failing one as failed. Returns how many applied cleanly; `failed` gets how
  // many did not.
  size_t deploy(const std::string& db, const fs::path& root, size_t count = SIZE_MAX, bool expect_success = true,
                size_t* failed = nullptr) {
    MigrationHistory h = load_history(root);
    exec(db, kMigrationsTable);
    size_t ok = 0;
    for (size_t i = 0; i < h.migrations.size() && i < count; ++i) {
      const Migration& m = h.migrations[i];
      if (!m.file) continue;
      auto r = cluster_->exec(db, m.file->text());
      if (expect_success) EXPECT_TRUE(r.ok) << m.name << ": " << r.sqlstate << " " << r.message;
      if (!r.ok) {
        // Recorded as `migrate deploy` leaves a failed file (P3009); unlike Prisma, go on with the next file,
        // as the ground truth was made.
        std::cerr << "[live] " << m.name << " failed here: " << r.sqlstate << " " << r.message << "\n";
        record(db, m.name, m.checksum, /*finished=*/false);
        if (failed) ++*failed;
        continue;
      }
      record(db, m.name, m.checksum);
      ++ok;
    }
    return ok;
  }
  test::RunResult cli(std::vector<std::string> args, const std::string& db_url) {
    args.insert(args.end(), {"--database-url", db_url, "--migrations", root_.string(), "--color", "never"});
    return run_cli(args);
  }
  static nlohmann::json findings_of(const test::RunResult& r) {
    auto j = nlohmann::json::parse(r.out);
    return j.contains("findings") ? j["findings"] : j;
  }
  static size_t count_rule(const test::RunResult& r, const std::string& rule) {
    size_t n = 0;
    for (size_t pos = 0; (pos = r.out.find("\"" + rule + "\"", pos)) != std::string::npos; ++pos) ++n;
    return n;
  }

  static PgCluster* cluster_;
  TempDir dir_;
  fs::path root_;
};
PgCluster* Live::cluster_ = nullptr;

TEST_F(Live, CleanDatabaseAtTheHeadOfItsHistory) {
  std::string db = fresh_database();
  ASSERT_EQ(deploy(db, root_), 3u);
  auto status = cli({"status"}, url(db));
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("3 applied, 0 pending"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("up to date"), std::string::npos);
  auto drift = cli({"drift"}, url(db));
  EXPECT_EQ(drift.exit_code, 0) << drift.out << drift.err;
  EXPECT_NE(drift.out.find("0 difference"), std::string::npos) << drift.out;
  auto gate = cli({"gate"}, url(db));
  EXPECT_EQ(gate.exit_code, 0) << gate.out << gate.err;
}

// libpq (and the twenty libraries it brings) is loaded by the commands that connect, not at every start.
TEST_F(Live, OnlyCommandsThatConnectLoadLibpq) {
  std::string db = fresh_database();
  ASSERT_EQ(deploy(db, root_), 3u);
  const std::vector<std::string> trace{"LD_DEBUG=files"};  // the loader names every library it opens
  auto lint = run_cli({"lint", "--migrations", root_.string(), "--no-schema", "--fail-on", "never"}, {}, trace);
  EXPECT_EQ(lint.exit_code, 0) << lint.err;
  EXPECT_NE(lint.err.find("libcrypto"), std::string::npos) << "LD_DEBUG gave no trace: " << lint.err.substr(0, 500);
  EXPECT_EQ(lint.err.find("libpq"), std::string::npos) << "lint loaded libpq";
  auto status = run_cli({"status", "--database-url", url(db), "--migrations", root_.string()}, {}, trace);
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err.substr(0, 2000);
  EXPECT_NE(status.err.find("libpq.so.5"), std::string::npos) << "status connected without loading libpq?";
}

TEST_F(Live, IntrospectionEqualsPgCatalogTool) {
  SG_REQUIRE_SHARED();
  std::string db = fresh_database();
  deploy(db, root_);
  exec(db, "CREATE EXTENSION IF NOT EXISTS pgcrypto; CREATE SCHEMA extra; CREATE VIEW extra.v AS SELECT 1 AS one;"
           "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;"
           "CREATE TRIGGER post_touch BEFORE UPDATE ON \"Post\" FOR EACH ROW EXECUTE FUNCTION touch();"
           "CREATE INDEX post_lower ON \"Post\" (lower(title)) WHERE \"authorId\" > 0;"
           "ALTER TABLE \"Post\" ADD CONSTRAINT title_len CHECK (length(title) > 0) NOT VALID;");
  auto tool = integrity::run_process({"/usr/bin/python3", (test::shared_dir() / "tools/pg_catalog.py").string(),
                                      cluster_->dsn(db)});
  ASSERT_EQ(tool.exit_code, 0) << tool.err;
  live::Session s = live::Session::open(live::parse_database_url(url(db)));
  EXPECT_EQ(catalog::to_json(live::introspect(s)), tool.out);
}

TEST_F(Live, IntrospectionNeverWrites) {
  std::string db = fresh_database();
  deploy(db, root_);
  exec(db, "CREATE ROLE sg_reader LOGIN; GRANT CONNECT ON DATABASE \"" + db +
               "\" TO sg_reader; GRANT SELECT ON _prisma_migrations TO sg_reader;");
  // A role that can only read: status, drift and gate all work with it.
  for (std::string cmd : {"status", "drift", "gate"}) {
    auto r = cli({cmd}, url(db, "sg_reader"));
    EXPECT_EQ(r.exit_code, 0) << cmd << r.out << r.err;
  }
  // And even a superuser session is read-only.
  live::Session s = live::Session::open(live::parse_database_url(url(db)));
  try {
    s.query("CREATE TABLE sneaky (id int)");
    ADD_FAILURE() << "a write succeeded in the read-only session";
  } catch (const live::LiveError& e) {
    EXPECT_EQ(e.sqlstate(), "25006") << e.what();
  }
}

TEST_F(Live, PendingMigrations) {
  std::string db = fresh_database();
  ASSERT_EQ(deploy(db, root_, 2), 2u);
  auto r = cli({"status", "--format", "json"}, url(db));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(count_rule(r, "migration-pending"), 1u) << r.out;
  EXPECT_NE(r.out.find("20240103000000_post_author_index"), std::string::npos);
  EXPECT_EQ(cli({"status", "--fail-on", "info"}, url(db)).exit_code, 1);
  // Drift replays only what the database says is applied.
  auto drift = cli({"drift"}, url(db));
  EXPECT_EQ(drift.exit_code, 0) << drift.out;
}

TEST_F(Live, FailedMigrationBlocksDeploys) {
  std::string db = fresh_database();
  deploy(db, root_, 2);
  record(db, "20240103000000_post_author_index", sha256_hex(kIndex), /*finished=*/false);
  for (std::string format : {"text", "json", "sarif", "github"}) {
    auto r = cli({"status", "--format", format}, url(db));
    EXPECT_EQ(r.exit_code, 1) << format << r.out << r.err;
    EXPECT_NE(r.out.find("migration-failed"), std::string::npos) << format << r.out;
    EXPECT_NE(r.out.find("P3009"), std::string::npos) << format;
    if (format == "json" || format == "sarif") EXPECT_NO_THROW((void)nlohmann::json::parse(r.out));
  }
}

TEST_F(Live, EditedAfterApplyButNotForLineEndings) {
  std::string db = fresh_database();
  deploy(db, root_);
  fs::path posts = root_ / "20240102000000_posts/migration.sql";
  std::string crlf;
  for (char c : std::string(kPosts)) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  write_file(posts, crlf);
  auto same = cli({"status", "--format", "json"}, url(db));
  EXPECT_EQ(same.exit_code, 0) << same.out;
  EXPECT_EQ(count_rule(same, "migration-edited-after-apply"), 0u);

  write_file(posts, std::string(kPosts) + "CREATE INDEX \"Post_title_idx\" ON \"Post\"(\"title\");\n");
  auto edited = cli({"status", "--format", "json"}, url(db));
  EXPECT_EQ(edited.exit_code, 1) << edited.out;
  EXPECT_EQ(count_rule(edited, "migration-edited-after-apply"), 1u) << edited.out;
}

TEST_F(Live, AppliedMigrationMissingLocally) {
  std::string db = fresh_database();
  deploy(db, root_);
  record(db, "20240201000000_hotfix", sha256_hex("SELECT 1;"));
  auto r = cli({"status", "--format", "json"}, url(db));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(count_rule(r, "migration-missing-locally"), 1u) << r.out;
  EXPECT_NE(r.out.find("20240201000000_hotfix"), std::string::npos);
}

TEST_F(Live, ManualChangesAreDrift) {
  std::string db = fresh_database();
  deploy(db, root_);
  exec(db, "ALTER TABLE \"Post\" ADD COLUMN \"subtitle\" TEXT; ALTER TABLE \"Post\" ALTER COLUMN \"title\" TYPE TEXT;");
  exec(db, "CREATE INDEX \"manual_role_idx\" ON \"User\"(\"role\");");
  auto r = cli({"drift", "--format", "json"}, url(db));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(count_rule(r, "drift-extra-object"), 2u) << r.out;   // the column and the index
  EXPECT_EQ(count_rule(r, "drift-changed-object"), 1u) << r.out; // title's type
  EXPECT_NE(r.out.find("public.Post.subtitle"), std::string::npos);
  EXPECT_NE(r.out.find("public.User.manual_role_idx"), std::string::npos);
  // The changed type points at the migration that made the expected state.
  bool attributed = false;
  for (const auto& f : findings_of(r))
    if (f.value("rule", "") == "drift-changed-object") attributed = f.dump().find("20240102000000_posts") != std::string::npos;
  EXPECT_TRUE(attributed) << r.out;
  auto text = cli({"drift"}, url(db));
  EXPECT_NE(text.out.find("character varying(200)"), std::string::npos) << text.out;
}

TEST_F(Live, NoMigrationsTable) {
  std::string empty = fresh_database();
  auto r = cli({"status", "--format", "json"}, url(empty));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;  // a new database: everything pending, nothing wrong
  EXPECT_EQ(count_rule(r, "migrations-table-missing"), 1u);
  EXPECT_EQ(count_rule(r, "migration-pending"), 3u);

  std::string used = fresh_database();
  exec(used, "CREATE TABLE legacy (id int)");
  auto p3005 = cli({"status"}, url(used));
  EXPECT_EQ(p3005.exit_code, 1) << p3005.out;
  EXPECT_NE(p3005.out.find("P3005"), std::string::npos);
}

TEST_F(Live, PrismaSchemaParameterAndOtherPrismaOnlyParameters) {
  std::string db = fresh_database();
  exec(db, "CREATE SCHEMA app; SET search_path TO app; " + std::string(kMigrationsTable));
  MigrationHistory h = load_history(root_);
  for (const Migration& m : h.migrations) {
    exec(db, "SET search_path TO app; " + m.file->text());
    record(db, m.name, m.checksum, true, "app");
  }
  auto r = cli({"status"}, url(db) + "?schema=app&connection_limit=5&pool_timeout=10&pgbouncer=true&sslmode=disable");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("3 applied"), std::string::npos) << r.out;
  // Without ?schema=app, public has no bookkeeping table.
  EXPECT_NE(cli({"status"}, url(db)).out.find("no _prisma_migrations"), std::string::npos);
}

TEST_F(Live, WrongPasswordIsAClearErrorWithoutTheSecret) {
  std::string db = fresh_database();
  const std::string good = "Corr3ct-Horse-Battery", wrong = "Wr0ng-Staple-Secret";
  exec("postgres", "CREATE ROLE sg_pw LOGIN PASSWORD " + sql_literal(good));
  {
    // Password authentication for this role only (the cluster trusts everyone else).
    live::Session s = live::Session::open(live::parse_database_url(url("postgres")));
    fs::path hba = s.query("SHOW hba_file")[0][0].value_or("");
    std::string conf = test::read_file(hba);
    if (conf.find("sg_pw") == std::string::npos) {
      std::ofstream out(hba, std::ios::trunc);
      out << "host all sg_pw 127.0.0.1/32 scram-sha-256\n" << conf;
    }
  }
  exec("postgres", "SELECT pg_reload_conf()");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  for (const std::string& encoded : {wrong, std::string("Wr0ng%2DStaple%2DSecret")}) {
    auto r = cli({"status"}, url(db, "sg_pw", encoded) + "?schema=public");
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("password authentication failed"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("sg_pw:****@"), std::string::npos) << r.err;
    EXPECT_EQ((r.out + r.err).find("Staple"), std::string::npos) << r.err;
  }
  auto env = run_cli({"drift", "--migrations", root_.string(), "--format", "json"}, {},
                     {"DATABASE_URL=" + url(db, "sg_pw", wrong)});
  EXPECT_EQ(env.exit_code, 2);
  EXPECT_EQ((env.out + env.err).find(wrong), std::string::npos) << env.err;

  exec(db, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO sg_pw");
  auto ok = cli({"status"}, url(db, "sg_pw", good));
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_EQ((ok.out + ok.err).find(good), std::string::npos);
}

TEST_F(Live, NoDatabaseUrlIsAUsageError) {
  auto r = run_cli({"status", "--migrations", root_.string()}, {}, {"DATABASE_URL="});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("DATABASE_URL"), std::string::npos);
}

// Every corpus: applied to a fresh database file by file, recorded as Prisma records it, then status must
// say everything is applied and drift must find nothing.
TEST_F(Live, CorporaAppliedAndRecordedAreDriftFree) {
  SG_REQUIRE_SHARED();
  size_t clean = 0, total = 0, comparable = 0, introspection_equal = 0;
  for (const std::string& corpus : test::corpora()) {
    ++total;
    fs::path root = test::shared_dir() / "corpus" / corpus / "migrations";
    std::string db = fresh_database();
    // Files can fail here when the machine lacks an extension the ground truth had (pgvector, which Debian
    // bookworm does not package): they are recorded as failed, and drift must still predict exactly what
    // PostgreSQL kept of them (up to their last COMMIT) and of the files after them.
    size_t failed = 0;
    size_t applied = deploy(db, root, SIZE_MAX, /*expect_success=*/false, &failed);
    MigrationHistory h = load_history(root);
    parse_history(h);
    live::Session s = live::Session::open(live::parse_database_url(url(db)), {.statement_timeout = std::chrono::seconds(120)});
    live::StatusRun status = live::run_status(h, s);
    EXPECT_EQ(status.report.applied, applied) << corpus;
    EXPECT_EQ(status.report.failed, failed) << corpus;
    EXPECT_EQ(status.report.applied + status.report.failed + status.report.pending, h.migrations.size()) << corpus;
    EXPECT_EQ(status.report.edited + status.report.missing_locally, 0u) << corpus;
    if (failed) std::cerr << "[live] " << corpus << ": " << failed << " file(s) could not be applied on this machine\n";
    live::DriftRun drift = live::run_drift(h, s);
    EXPECT_GE(drift.outcome.replayed, applied) << corpus;
    // Our introspection must read exactly what pg_catalog.py read from the ground-truth database.
    if (failed == 0) {
      ++comparable;
      std::string truth = test::read_file(test::shared_dir() / "groundtruth" / corpus / "catalog.json");
      // The ground truth's database had no bookkeeping table.
      catalog::Catalog live = drift.live;
      std::erase_if(live.tables, [](const catalog::Table& t) { return t.name == "_prisma_migrations"; });
      bool same = catalog::to_json(live) == truth;
      EXPECT_TRUE(same) << corpus << ": introspection differs from groundtruth/catalog.json";
      introspection_equal += same;
    }
    EXPECT_TRUE(drift.outcome.differences.empty()) << corpus << ": " << drift.outcome.differences.size()
                                                    << " difference(s) between replay and PostgreSQL";
    if (drift.outcome.differences.empty()) { ++clean; continue; }
    size_t shown = 0;
    for (const auto& d : drift.outcome.differences)
      if (shown++ < 15) std::cerr << "  " << corpus << ": " << d.describe() << "\n";
  }
  std::cerr << "[live] corpora drift-clean: " << clean << "/" << total << "; live introspection equal to ground truth: "
            << introspection_equal << "/" << comparable << "\n";
  EXPECT_EQ(clean, total);
}

}  // namespace
