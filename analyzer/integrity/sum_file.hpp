#pragma once
// `prisma/migrations/schemagate.sum`: the recorded state of a history, like Atlas's atlas.sum.
//
//   h1:<sha256 hex of every line below, each ending in "\n">
//   <migration name> <checksum>
//   ...
//
// The first line makes hand edits visible; a new migration added on two branches makes the file conflict in
// Git, which is the point. Names may contain spaces, so the checksum is the last field of a line.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/history/history.hpp"

namespace sg::integrity {

inline constexpr std::string_view kSumFileName = "schemagate.sum";
inline constexpr std::string_view kSumHeaderPrefix = "h1:";

struct SumEntry {
  std::string name;
  std::string checksum;  // lowercase hex sha256 of migration.sql, "-" when the file could not be read
  bool operator==(const SumEntry&) const = default;
};

std::vector<SumEntry> sum_entries(const MigrationHistory& history);
std::string sum_header_hash(const std::vector<SumEntry>& entries);
std::string render_sum_file(const std::vector<SumEntry>& entries);

struct ParsedSumFile {
  std::vector<SumEntry> entries;
  std::string stored_header;  // the hash written on the first line, without "h1:"
  bool header_matches = false;
  std::vector<std::pair<uint32_t, std::string>> problems;  // (1-based line, what is wrong)
};
ParsedSumFile parse_sum_file(std::string_view text);

}  // namespace sg::integrity
