#pragma once
// SQL texts written in a Prisma schema (`dbgenerated("…")`, `@generated("…")`, `where: raw("…")`), as
// PostgreSQL prints them back after analysis: parsed by the SQL front end and deparsed by the catalog's
// printer (analyzer/catalog/pg_expr.hpp), so the expected catalog compares exactly with a live one.
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/catalog/catalog.hpp"

namespace sg::prisma {

// pg_get_expr of a column default / generation expression `sql` on a column of type `column_type`
// (format_type text). nullopt when the text does not parse or analyse; the caller keeps the raw text.
std::optional<std::string> pg_default_text(std::string_view sql, std::string_view column_type,
                                           const catalog::Catalog& cat, const catalog::Table& table);

// pg_get_expr of an index predicate. nullopt when the text does not parse or analyse.
std::optional<std::string> pg_predicate_text(std::string_view sql, const catalog::Catalog& cat,
                                             const catalog::Table& table);

}  // namespace sg::prisma
