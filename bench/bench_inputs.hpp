#pragma once
// Inputs shared by the Google Benchmark programs: the real corpora in ../shared and synthetic SQL.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sg::bench {

// ../shared beside the checkout, or $SCHEMAGATE_SHARED; empty when neither exists.
std::filesystem::path shared_dir();

// Every migration.sql under ../shared/corpus/*/migrations (all corpora, sorted by path), read whole.
// Empty when ../shared is absent.
const std::vector<std::string>& corpus_files();

// The migrations folder of the corpus with the most SQL bytes; empty when ../shared is absent.
std::filesystem::path largest_corpus_migrations();

// Deterministic Prisma-style SQL (CreateTable, indexes, foreign keys, AlterTable, enum changes,
// data backfills) of about `bytes` bytes, as one migration.sql would hold it.
std::string synthetic_sql(std::size_t bytes, uint32_t seed = 1);

uint64_t total_bytes(const std::vector<std::string>& files);

}  // namespace sg::bench
