#pragma once
// Quoting helpers for the SQL that rules put in messages and help texts.
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/sql/ir.hpp"

namespace sg::rules {

// "Post" or "audit"."Post": always quoted, as Prisma writes identifiers.
std::string quote_ident(std::string_view ident);
std::string quote_ident(const sql::QualifiedName& n);
// "a", "b": a column list as it goes between parentheses.
std::string quote_ident_list(const std::vector<std::string>& idents);

}  // namespace sg::rules
