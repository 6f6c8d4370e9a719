// Cost of the history stages on the largest real corpus: reading + parsing the folder, and replaying the
// parsed history into a catalog. Throughput is in bytes of migration.sql per second.
#include <benchmark/benchmark.h>

#include "analyzer/history/history.hpp"
#include "analyzer/replay/replay.hpp"
#include "bench_inputs.hpp"

namespace {

uint64_t sql_bytes(const sg::MigrationHistory& h) {
  uint64_t n = 0;
  for (const auto& m : h.migrations)
    if (m.file) n += m.file->size();
  return n;
}

// load_history + parse_history on one worker thread (the one-core figure).
void BM_LoadAndParseLargestCorpus(benchmark::State& state) {
  const auto root = sg::bench::largest_corpus_migrations();
  if (root.empty()) {
    state.SkipWithError("../shared is absent (set SCHEMAGATE_SHARED): corpus benchmark skipped");
    return;
  }
  uint64_t bytes = 0;
  for (auto _ : state) {
    auto history = sg::load_history(root);
    sg::parse_history(history, 1);
    bytes = sql_bytes(history);
    benchmark::DoNotOptimize(history);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.SetLabel(root.parent_path().filename().string());
}
BENCHMARK(BM_LoadAndParseLargestCorpus)->Unit(benchmark::kMillisecond);

// replay_history alone: the history is read and parsed once, outside the timed loop.
void BM_ReplayLargestCorpus(benchmark::State& state) {
  const auto root = sg::bench::largest_corpus_migrations();
  if (root.empty()) {
    state.SkipWithError("../shared is absent (set SCHEMAGATE_SHARED): corpus benchmark skipped");
    return;
  }
  auto history = sg::load_history(root);
  sg::parse_history(history, 1);
  for (auto _ : state) {
    auto replayed = sg::replay::replay_history(history);
    benchmark::DoNotOptimize(replayed);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * sql_bytes(history)));
  state.counters["migrations"] = static_cast<double>(history.migrations.size());
  state.SetLabel(root.parent_path().filename().string());
}
BENCHMARK(BM_ReplayLargestCorpus)->Unit(benchmark::kMillisecond);

}  // namespace
