#include "analyzer/prisma/pg_text.hpp"

#include <exception>

#include "analyzer/catalog/pg_expr.hpp"
#include "analyzer/catalog/pg_print.hpp"
#include "analyzer/sql/parse.hpp"

namespace sg::prisma {

namespace {

// The expression, parsed as the WHERE clause of an index: the one place the SQL grammar accepts any
// a_expr on its own and the IR keeps it whole.
std::optional<sql::Expr> parse_expression(std::string_view text) {
  if (text.find(';') != std::string_view::npos) return std::nullopt;  // one expression, never a second statement
  std::string stmt = "CREATE INDEX _sg ON _sg (_sg) WHERE " + std::string(text);
  sql::ParsedFile parsed = sql::parse_sql(stmt);
  if (!parsed.errors.empty() || parsed.statements.size() != 1) return std::nullopt;
  const auto* index = std::get_if<sql::CreateIndex>(&parsed.statements[0].body);
  if (!index || !index->where) return std::nullopt;
  return *index->where;
}

// Runs the catalog printer on the parsed expression; an expression PostgreSQL itself would reject
// (ExprError) or that the printer cannot handle gives nullopt, and the caller keeps the schema's text.
template <typename Print>
std::optional<std::string> print_guarded(std::string_view text, const catalog::Catalog& cat,
                                         const catalog::Table& table, Print print) {
  auto expr = parse_expression(text);
  if (!expr) return std::nullopt;
  catalog::pg::ExprContext ctx;
  ctx.catalog = &cat;
  ctx.table = &table;
  try {
    return print(*expr, ctx);
  } catch (const catalog::pg::ExprError&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<std::string> pg_default_text(std::string_view text, std::string_view column_type,
                                           const catalog::Catalog& cat, const catalog::Table& table) {
  return print_guarded(text, cat, table, [&](const sql::Expr& e, const catalog::pg::ExprContext& ctx) {
    return catalog::pg::deparse_default(e, catalog::pg::type_from_formatted(column_type), ctx);
  });
}

std::optional<std::string> pg_predicate_text(std::string_view text, const catalog::Catalog& cat,
                                             const catalog::Table& table) {
  return print_guarded(text, cat, table, [](const sql::Expr& e, const catalog::pg::ExprContext& ctx) {
    return std::optional<std::string>(catalog::pg::deparse_bool(e, ctx));
  });
}

}  // namespace sg::prisma
