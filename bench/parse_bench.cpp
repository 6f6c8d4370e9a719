// Throughput of the SQL front end (libpg_query + IR building), in bytes of migration.sql per second.
#include <benchmark/benchmark.h>
#include <pg_query.h>

#include "analyzer/sql/parse.hpp"
#include "bench_inputs.hpp"

namespace {

// Every migration.sql of every corpus in ../shared, one parse_sql call per file.
void BM_ParseCorpus(benchmark::State& state) {
  const auto& files = sg::bench::corpus_files();
  if (files.empty()) {
    state.SkipWithError("../shared is absent (set SCHEMAGATE_SHARED): corpus benchmark skipped");
    return;
  }
  size_t statements = 0;
  for (auto _ : state) {
    for (const auto& f : files) {
      auto parsed = sg::sql::parse_sql(f);
      statements += parsed.statements.size();
      benchmark::DoNotOptimize(parsed);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * sg::bench::total_bytes(files)));
  state.counters["files"] = static_cast<double>(files.size());
  state.counters["statements/s"] = benchmark::Counter(static_cast<double>(statements), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ParseCorpus)->Unit(benchmark::kMillisecond);

// One synthetic Prisma-style file of range(0) bytes: checks that cost grows linearly with file size.
void BM_ParseSynthetic(benchmark::State& state) {
  const std::string sql = sg::bench::synthetic_sql(static_cast<size_t>(state.range(0)));
  size_t statements = 0;
  for (auto _ : state) {
    auto parsed = sg::sql::parse_sql(sql);
    statements += parsed.statements.size();
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * sql.size()));
  state.counters["statements/s"] = benchmark::Counter(static_cast<double>(statements), benchmark::Counter::kIsRate);
}
// Files of four chunks (1 MB) and more are parsed on every core: CPU time is the whole process's, and the
// rates are per second of wall time.
BENCHMARK(BM_ParseSynthetic)
    ->Arg(16 << 10)
    ->Arg(1 << 20)
    ->Arg(8 << 20)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// libpg_query's own pg_query_parse of the same SQL, one call on one thread, with its JSON output freed unread:
// the floor under BM_ParseSynthetic's cost per byte, since the front end must run PostgreSQL's parser.
void BM_LibpgQueryParseOnly(benchmark::State& state) {
  const std::string sql = sg::bench::synthetic_sql(static_cast<size_t>(state.range(0)));
  size_t json_bytes = 0;
  for (auto _ : state) {
    PgQueryParseResult r = pg_query_parse(sql.c_str());
    if (r.parse_tree) json_bytes += std::char_traits<char>::length(r.parse_tree);
    pg_query_free_parse_result(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * sql.size()));
  state.counters["json/sql"] = static_cast<double>(json_bytes) / static_cast<double>(state.iterations() * sql.size());
}
BENCHMARK(BM_LibpgQueryParseOnly)->Arg(1 << 20)->Arg(8 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
