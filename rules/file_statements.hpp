#pragma once
// Which statements of one migration file act on which table, built once per file, so that rules looking for
// related statements elsewhere in the file (the index a foreign key needs, the ADD COLUMN beside a DROP COLUMN)
// look at those statements only: scanning the whole file for each statement is quadratic in a large file.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/sql/ir.hpp"

namespace sg::rules {

class FileStatements {
 public:
  explicit FileStatements(const sql::ParsedFile& file);
  // Positions in file.statements of the CREATE TABLE, ALTER TABLE and CREATE INDEX statements on a table
  // named `name` (in any schema: callers check the schema), in file order.
  const std::vector<uint32_t>& on_table(std::string_view name) const;

 private:
  std::unordered_map<std::string, std::vector<uint32_t>> by_table_;
};

}  // namespace sg::rules
