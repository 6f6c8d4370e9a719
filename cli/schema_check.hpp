#pragma once
// The schema.prisma side shared by `lint` and `drift`: find the schema, parse it, and compare it with the
// replayed history.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"

namespace sg::cli {

// --schema when given; else prisma/schema.prisma or the multi-file folder prisma/schema next to the migrations
// folder's parent. nullopt when there is none.
std::optional<std::filesystem::path> locate_schema(const std::string& given, const MigrationHistory& h);

struct SchemaCheck {
  std::vector<Finding> findings;   // schema syntax/validation findings and drift findings
  size_t differences = 0;
  bool schema_parsed = false;
};

SchemaCheck check_schema_against_history(const std::filesystem::path& schema, const MigrationHistory& h,
                                         int prisma_version = 7);

}  // namespace sg::cli
