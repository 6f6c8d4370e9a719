#pragma once
// The SQL front end: libpg_query (PostgreSQL 15 grammar) into the typed IR of ir.hpp.
#include <cstdint>
#include <functional>
#include <string_view>

#include "analyzer/sql/ir.hpp"

namespace sg::sql {

// Parses a whole migration.sql. Never throws on bad SQL: syntax errors land in ParsedFile::errors, and
// the statements that can be split off and parsed alone are still returned. `text` must stay alive only
// for the duration of the call.
ParsedFile parse_sql(std::string_view text);

// The same, handed over in parts of about `part_bytes` of text each (whole statements; at least one part),
// in file order: the parts joined are what parse_sql returns, statement indices included. `each` returns false
// to stop. `text` must stay
// alive for the duration of the call. A caller that lints a part and drops it holds one part's IR at a time.
void parse_sql_in_parts(std::string_view text, uint32_t part_bytes, const std::function<bool(ParsedFile&&)>& each);

}  // namespace sg::sql
