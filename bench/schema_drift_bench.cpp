// Cost of the schema side of drift on the largest real corpus: parsing schema.prisma, mapping it to the
// catalog Prisma expects, recording provenance during the replay, and comparing the two catalogs.
#include <benchmark/benchmark.h>

#include "analyzer/history/history.hpp"
#include "analyzer/prisma/expect.hpp"
#include "analyzer/prisma/schema.hpp"
#include "analyzer/schema_drift/schema_drift.hpp"
#include "bench_inputs.hpp"

namespace {

std::filesystem::path largest_schema() {
  auto root = sg::bench::largest_corpus_migrations();
  return root.empty() ? root : root.parent_path() / "schema";
}

uint64_t schema_bytes(const std::filesystem::path& schema) {
  uint64_t n = 0;
  for (const auto& p : sg::prisma::schema_files(schema)) n += std::filesystem::file_size(p);
  return n;
}

sg::MigrationHistory parsed_history() {
  auto history = sg::load_history(sg::bench::largest_corpus_migrations());
  sg::parse_history(history, 1);
  return history;
}

#define SG_NEED_SHARED(state)                                                                    \
  if (largest_schema().empty()) {                                                                \
    (state).SkipWithError("../shared is absent (set SCHEMAGATE_SHARED): corpus benchmark skipped"); \
    return;                                                                                      \
  }

// Reading and parsing schema.prisma (tree-sitter, AST, validation).
void BM_SchemaParseLargestCorpus(benchmark::State& state) {
  SG_NEED_SHARED(state);
  const auto schema = largest_schema();
  for (auto _ : state) {
    auto parsed = sg::prisma::parse_schema_path(schema);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * schema_bytes(schema)));
  state.SetLabel(schema.parent_path().filename().string());
}
BENCHMARK(BM_SchemaParseLargestCorpus)->Unit(benchmark::kMillisecond);

// The parsed schema mapped to the catalog Prisma Migrate would build.
void BM_ExpectedCatalogLargestCorpus(benchmark::State& state) {
  SG_NEED_SHARED(state);
  auto parsed = sg::prisma::parse_schema_path(largest_schema());
  for (auto _ : state) {
    auto expected = sg::prisma::expect_catalog(parsed.schema);
    benchmark::DoNotOptimize(expected);
  }
  state.SetLabel(largest_schema().parent_path().filename().string());
}
BENCHMARK(BM_ExpectedCatalogLargestCorpus)->Unit(benchmark::kMillisecond);

// The replay with the provenance recorder on its statement observer: compare with BM_ReplayLargestCorpus
// for what recording costs.
void BM_ReplayWithProvenanceLargestCorpus(benchmark::State& state) {
  SG_NEED_SHARED(state);
  auto history = parsed_history();
  for (auto _ : state) {
    auto r = sg::schema_drift::replay_with_provenance(history);
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(largest_schema().parent_path().filename().string());
}
BENCHMARK(BM_ReplayWithProvenanceLargestCorpus)->Unit(benchmark::kMillisecond);

// The comparison alone, on a replay already made (what lint adds when it finds a schema).
void BM_DriftCompareLargestCorpus(benchmark::State& state) {
  SG_NEED_SHARED(state);
  auto history = parsed_history();
  auto replayed = sg::schema_drift::replay_with_provenance(history);
  auto expected = sg::prisma::expect_catalog(sg::prisma::parse_schema_path(largest_schema()).schema);
  size_t findings = 0;
  for (auto _ : state) {
    auto r = sg::schema_drift::check(history, expected, replayed.final_catalog, replayed.provenance);
    findings = r.findings.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["findings"] = static_cast<double>(findings);
  state.SetLabel(largest_schema().parent_path().filename().string());
}
BENCHMARK(BM_DriftCompareLargestCorpus)->Unit(benchmark::kMillisecond);

// Everything `schemagate drift --schema` does after reading the migrations: parse the schema, map it,
// replay with provenance, compare.
void BM_SchemaParseAndDriftLargestCorpus(benchmark::State& state) {
  SG_NEED_SHARED(state);
  auto history = parsed_history();
  const auto schema = largest_schema();
  for (auto _ : state) {
    auto parsed = sg::prisma::parse_schema_path(schema);
    auto r = sg::schema_drift::check(history, sg::prisma::expect_catalog(parsed.schema));
    benchmark::DoNotOptimize(r);
  }
  state.SetLabel(schema.parent_path().filename().string());
}
BENCHMARK(BM_SchemaParseAndDriftLargestCorpus)->Unit(benchmark::kMillisecond);

}  // namespace
