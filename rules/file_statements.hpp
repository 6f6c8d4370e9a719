#pragma once
// Which statements of one migration file act on which table, built once per file, so that rules looking for
// related statements elsewhere in the file (the index a foreign key needs, the ADD COLUMN beside a DROP COLUMN)
// look at those statements only: scanning the whole file for each statement is quadratic in a large file.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/effects/effects.hpp"
#include "analyzer/sql/ir.hpp"
#include "analyzer/string_hash.hpp"

namespace sg::rules {

class FileStatements {
 public:
  // `start`: the catalog the file starts from, which stays the same while the file replays.
  FileStatements(const sql::ParsedFile& file, const catalog::Catalog& start, int pg_version);
  // Positions in file.statements of the CREATE TABLE, ALTER TABLE and CREATE INDEX statements on a table
  // named `name` (in any schema: callers check the schema), in file order.
  const std::vector<uint32_t>& on_table(std::string_view name) const;
  // The CREATE INDEX statements among them: a long file holds many statements on one table name, and the rule
  // that looks for an index of each foreign key only wants these.
  const std::vector<uint32_t>& indexes_on(std::string_view name) const;
  // What statement `i` locks, rewrites and scans on the catalog the file started from, worked out once: the
  // once-per-file lock rules look back at every earlier statement from each blocking one.
  const effects::StatementEffects& effects_at_start(uint32_t i) const;
  // Positions of the `ALTER TYPE … ADD VALUE` statements before statement `i` in its transaction (after the
  // last COMMIT, ROLLBACK or PREPARE TRANSACTION before it), in file order.
  std::span<const uint32_t> enum_additions_before(uint32_t i) const;
  // The latest of them that adds `value`, if any: a transaction that adds many values is asked about the
  // literals a statement holds, not searched for every value added before it.
  std::optional<uint32_t> latest_enum_addition(std::string_view value, uint32_t i) const;
  // The positions of such statements before `i` in its transaction whose value holds a quote (its literal is
  // not one run between two quotes), latest first.
  std::vector<uint32_t> quoted_enum_additions_before(uint32_t i) const;

 private:
  const sql::ParsedFile& file_;
  const catalog::Catalog& start_;
  int pg_version_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_table_;
  std::unordered_map<std::string, std::vector<uint32_t>> indexes_by_table_;
  mutable std::vector<std::optional<effects::StatementEffects>> at_start_;
  std::vector<uint32_t> enum_additions_;  // positions, in file order
  std::unordered_map<std::string, std::vector<uint32_t>, StringViewHash, std::equal_to<>> enum_additions_by_value_;
  std::vector<uint32_t> quoted_enum_additions_;  // those whose value holds a quote
  std::vector<uint32_t> transaction_start_;  // per statement: the first position of its transaction
};

}  // namespace sg::rules
