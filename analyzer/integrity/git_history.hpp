#pragma once
// The migrations folder as it was at a Git revision, read with `git ls-tree` and `git cat-file --batch`
// (run directly, no shell), for `schemagate verify --since <ref>`.
#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/integrity/sum_file.hpp"

namespace sg::integrity {

struct GitHistory {
  std::vector<SumEntry> entries;  // in Prisma's order, checksum = sha256 of migration.sql at the revision
  std::string error;              // why the revision could not be read (not a repository, unknown ref, ...)
};

GitHistory read_history_at_revision(const std::filesystem::path& migrations_dir, const std::string& revision);

}  // namespace sg::integrity
