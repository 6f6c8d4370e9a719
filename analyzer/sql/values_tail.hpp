#pragma once
// Seed data: `INSERT INTO t (…) VALUES (…), (…), …` with thousands of rows. The IR keeps only the table of an
// INSERT and whether it reads a query, yet libpg_query writes every row into its JSON and the reader then walks
// past all of it: on a history with seed data that was half of libpg_query's JSON. The parser therefore checks
// such a statement alone with PostgreSQL's grammar (no JSON), and when it is valid, parses the text with the
// rows after the first blanked out (replaced by spaces, so that every offset stays where it was).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/source.hpp"
#include "analyzer/sql/tokens.hpp"

namespace sg::sql {

struct ValuesTail {
  Span statement;  // from INSERT to the end of its last token (its ';' when it has one)
  Span tail;       // from the end of the first row to the end of the last: what may be blanked
};

// The INSERT … VALUES statements starting in [begin, end) whose rows after the first take at least
// `min_bytes`, in order. Only the plain form is recognized (INSERT INTO name [AS alias] [(columns)]
// [OVERRIDING … VALUE] VALUES (…), …); anything else is left to the ordinary parse.
std::vector<ValuesTail> long_values_tails(std::string_view file, const TokenIndex& tokens, uint32_t begin,
                                          uint32_t end, uint32_t min_bytes);

// Whether PostgreSQL's grammar accepts `statement` as exactly one statement (pg_query_split_with_parser: the
// parser without its JSON).
bool parses_alone(const std::string& statement);

}  // namespace sg::sql
