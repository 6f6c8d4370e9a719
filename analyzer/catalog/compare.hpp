#pragma once
// Object-by-object comparison of two catalogs (expected vs actual), with match counts per kind and a list of
// every difference; texts printed by PostgreSQL's deparser are compared exactly.
#include <string>
#include <vector>

#include "analyzer/catalog/catalog.hpp"

namespace sg::catalog {

struct MatchCount {
  size_t expected = 0;
  size_t matched = 0;
  size_t extra = 0;  // present only in the actual catalog
  bool perfect() const { return matched == expected && extra == 0; }
};

struct CatalogComparison {
  MatchCount schemas, extensions, enums, sequences, tables, columns, keys, indexes, foreign_keys, checks, views,
      functions, triggers;
  // Exact text of defaults, check expressions, index definitions and index predicates.
  MatchCount defaults, check_texts, index_definitions, predicates;
  std::vector<std::string> differences;  // "table public.User: column email: type text != character varying"

  // Structure (everything but the deparsed texts) matches.
  bool structure_matches() const;
  std::string summary() const;  // one line per kind: "tables 85/85"
};

CatalogComparison compare_catalogs(const Catalog& expected, const Catalog& actual);

}  // namespace sg::catalog
