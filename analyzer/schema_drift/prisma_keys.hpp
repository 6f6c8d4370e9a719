#pragma once
// Indexes and foreign keys of one table, matched the way Prisma's differ matches them rather than by name:
// an index in the database matches one in the schema when its kind (unique or not), method, columns with
// their sort order and operator classes agree; a foreign key when its columns, referenced table and columns
// and referential actions agree. What matches under another name is renamed, what matches nothing is dropped
// or created. A unique constraint is only its index to Prisma; partial indexes in the database are never
// dropped and match without their predicate; expression indexes are invisible to it.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/diff/catalog_diff.hpp"
#include "analyzer/prisma/opclass.hpp"

namespace sg::schema_drift {

// One key column of an index as pg_get_indexdef prints it.
struct IndexElement {
  std::string column;
  bool desc = false;
  std::string opclass;  // empty when PostgreSQL's default for the column (pg_get_indexdef leaves it out)
};

// The parts of an index definition Prisma compares; nullopt when `definition` is not pg_get_indexdef's shape.
struct IndexShape {
  std::vector<IndexElement> elements;
  std::vector<std::string> include;  // INCLUDE columns: Prisma reads them as more key columns
};
std::optional<IndexShape> parse_index_definition(const std::string& definition);

// Written operator classes of the schema's indexes by prisma::constraint_key (ExpectedCatalog::index_opclasses).
using WrittenOpClasses = std::map<std::string, std::vector<std::optional<prisma::WrittenOpClass>>>;

// Differences between the indexes (not the primary key's) and foreign keys of `expected` (schema.prisma)
// and `actual` (the migrations) as Prisma's differ finds them, appended to `out`: Missing, Extra,
// Changed "name" (a rename: `expected`/`actual` hold the two names) and Changed "definition" (the same name
// on both sides, no match: dropped and created again).
void diff_keys(const catalog::Table& expected, const catalog::Table& actual, const WrittenOpClasses& written,
               std::vector<diff::Difference>& out);

}  // namespace sg::schema_drift
