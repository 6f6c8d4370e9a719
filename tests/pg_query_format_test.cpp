// The appendStringInfo that libpg_query's JSON goes through (analyzer/sql/pg_query_format.cpp) must write what
// PostgreSQL's own would, byte for byte: first call by call, then on whole parse trees.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/sql/pg_query_format.hpp"
#include "analyzer/sql/pg_query_handle.hpp"
#include "support/test_support.hpp"

// libpg_query's memory contexts (pg_query_internal.h, which needs PostgreSQL's server headers).
extern "C" {
void* pg_query_enter_memory_context();
void pg_query_exit_memory_context(void* ctx);
}

namespace sg::sql {
namespace {
namespace fs = std::filesystem;

// A libpg_query memory context for the StringInfo buffers (palloc), left when the test ends.
class PgMemory {
 public:
  PgMemory() : ctx_(pg_query_enter_memory_context()) {}
  ~PgMemory() { pg_query_exit_memory_context(ctx_); }
  PgMemory(const PgMemory&) = delete;
  PgMemory& operator=(const PgMemory&) = delete;

 private:
  void* ctx_;
};

std::string text_of(const StringInfoData& s) {
  EXPECT_EQ(s.data[s.len], '\0') << "not NUL-terminated";
  return {s.data, static_cast<size_t>(s.len)};
}

// Appends `fmt` with `args` `times` times, after `before`, through both functions.
template <class... Args>
void expect_same(int times, const char* before, const char* fmt, Args... args) {
  StringInfoData postgres, direct;
  initStringInfo(&postgres);
  initStringInfo(&direct);
  __real_appendStringInfo(&postgres, "%s", before);
  __real_appendStringInfo(&direct, "%s", before);
  for (int i = 0; i < times; ++i) {
    __real_appendStringInfo(&postgres, fmt, args...);
    __wrap_appendStringInfo(&direct, fmt, args...);
  }
  EXPECT_EQ(text_of(direct), text_of(postgres)) << "format: " << fmt;
}

template <class... Args>
void expect_same(const char* fmt, Args... args) {
  expect_same(1, "", fmt, args...);
  expect_same(1, "already here ", fmt, args...);
  expect_same(3000, "", fmt, args...);  // the buffer grows many times over
}

TEST(PgQueryFormat, WritesWhatPostgresWrites) {
  PgMemory memory;
  ASSERT_TRUE(direct_pg_format_in_use());
  // No conversion.
  expect_same("\"relname\":");
  expect_same("");
  expect_same(",");
  // One conversion, as libpg_query's JSON writes its fields.
  for (int v : {0, 1, -1, 42, INT_MIN, INT_MAX}) expect_same("\"location\":%d,", v);
  for (unsigned v : {0u, 7u, UINT_MAX}) expect_same("\"typemod\":%u,", v);
  for (long v : {0L, LONG_MIN, LONG_MAX}) expect_same("\"n\":%ld", v);
  for (unsigned long v : {0UL, ULONG_MAX}) expect_same("%lu}", v);
  for (int v : {5, -5}) expect_same("%d", v);
  expect_same("\"contype\":\"%s\",", "CONSTR_PRIMARY");
  expect_same("\"inh\":%s,", "true");
  expect_same("%s", "");
  expect_same("[%s]", static_cast<const char*>(nullptr));
  const std::string long_value(5000, 'x');
  expect_same("\"sval\":\"%s\"", long_value.c_str());
  expect_same("\"relpersistence\":\"%c\",", 'p');
  expect_same("%c", '"');
  // Texts around the conversion longer than the copies a plan keeps (32 bytes before, 8 after).
  expect_same("a prefix that is longer than thirty-two bytes: %d", 5);
  expect_same("%s, and a suffix longer than eight bytes", "x");
  expect_same("a field name well beyond thirty-two bytes in length\":");
  // Several conversions and %%.
  expect_same("%%");
  expect_same("100%% of %s", "rows");
  expect_same("%s=%d;%u%%%c|%ld", "a", -5, 7u, 'z', -9L);
  expect_same("{\"version\":%d,\"stmts\":[", 150004);
  // Formats left to PostgreSQL: flags, width, precision, other conversions.
  expect_same("%5d|", 42);
  expect_same("%-4s|", "ab");
  expect_same("%.2s", "abcdef");
  expect_same("%x %o", 255u, 8u);
  expect_same("%f", 1.5);
  expect_same("%g %e", 0.1, 2.5e10);
  expect_same("%lld", 1LL << 40);
  expect_same("%ls", L"w");
}

TEST(PgQueryFormat, AppendsStringsAsPostgresDoes) {
  PgMemory memory;
  const std::string long_text(5000, 'y');
  for (const char* text : {"", "\"relname\":", "}", long_text.c_str()}) {
    StringInfoData postgres, direct;
    initStringInfo(&postgres);
    initStringInfo(&direct);
    for (int i = 0; i < 500; ++i) {
      __real_appendStringInfoString(&postgres, text);
      __wrap_appendStringInfoString(&direct, text);
    }
    EXPECT_EQ(text_of(direct), text_of(postgres));
  }
}

// Every parse tree the same with and without the direct formats: the fixtures, a statement list that
// exercises many node kinds, and every corpus migration when ../shared is present.
TEST(PgQueryFormat, ParseTreesAreTheSameEitherWay) {
  std::vector<std::string> texts = {
      "SELECT 1.5, -2, 1e10, 'it''s', E'a\\nb', true, NULL, $1, interval '1 day', B'101', X'1F', "
      "ARRAY[1,2][1:2], (a).b, a IS DISTINCT FROM b, x BETWEEN 1 AND 2, CASE WHEN a THEN 1 ELSE 2 END "
      "FROM t AS u(a, b) JOIN v USING (a) WHERE a ~~ 'x%' ORDER BY 1 DESC NULLS LAST LIMIT 5 OFFSET 2;",
      "CREATE TABLE \"T\" (id serial PRIMARY KEY, n numeric(10, 2) DEFAULT 0.5 NOT NULL, "
      "c char(3) COLLATE \"C\", j jsonb DEFAULT '{}'::jsonb, e \"E\"[] CHECK (cardinality(e) > 0), "
      "UNIQUE (n) DEFERRABLE INITIALLY DEFERRED, FOREIGN KEY (c) REFERENCES o(c) ON DELETE CASCADE);",
      "ALTER TABLE t ADD COLUMN x int GENERATED ALWAYS AS (y * 2) STORED, ALTER COLUMN y TYPE bigint USING y::bigint;",
      "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t USING gin (lower(a) text_pattern_ops) WHERE b > 0;",
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;",
      "DO $$ BEGIN IF 1 > 0 THEN RAISE NOTICE 'x %', 1; END IF; END $$;",
      "INSERT INTO t (a) VALUES (1), (2) ON CONFLICT (a) DO UPDATE SET a = EXCLUDED.a RETURNING *;",
      "COMMENT ON COLUMN t.a IS 'quote \" and backslash \\';",
  };
  auto add_sql_under = [&](const fs::path& root, const std::string& name) {
    if (!fs::exists(root)) return;
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.is_regular_file() && e.path().filename() == name) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) texts.push_back(test::read_file(f));
  };
  add_sql_under(test::fixtures_dir(), "migration.sql");
  size_t without_corpus = texts.size();
  if (!test::shared_dir().empty()) add_sql_under(test::shared_dir() / "corpus", "migration.sql");
  else std::cerr << "../shared is absent: only the fixtures are compared\n";

  size_t compared = 0, bytes = 0;
  for (const std::string& text : texts) {
    use_direct_pg_format(false);
    PgParse postgres(text.c_str());
    use_direct_pg_format(true);
    PgParse direct(text.c_str());
    ASSERT_EQ(direct.ok(), postgres.ok());
    ASSERT_EQ(direct.json(), postgres.json()) << text.substr(0, 200);
    ++compared;
    bytes += postgres.json().size();
  }
  EXPECT_GT(compared, without_corpus - 1);
  EXPECT_GT(bytes, 10000u);
  std::cerr << compared << " texts, " << bytes << " bytes of JSON compared\n";
}

}  // namespace
}  // namespace sg::sql
