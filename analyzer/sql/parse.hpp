#pragma once
// The SQL front end: libpg_query (PostgreSQL 15 grammar) into the typed IR of ir.hpp.
#include <string_view>

#include "analyzer/sql/ir.hpp"

namespace sg::sql {

// Parses a whole migration.sql. Never throws on bad SQL: syntax errors land in ParsedFile::errors, and
// the statements that can be split off and parsed alone are still returned. `text` must stay alive only
// for the duration of the call.
ParsedFile parse_sql(std::string_view text);

}  // namespace sg::sql
