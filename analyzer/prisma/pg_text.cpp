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
  return index->where;
}

}  // namespace

std::optional<std::string> pg_default_text(std::string_view text, std::string_view column_type,
                                           const catalog::Catalog& cat, const catalog::Table& table) {
  auto expr = parse_expression(text);
  if (!expr) return std::nullopt;
  try {
    catalog::pg::ExprContext ctx;
    ctx.catalog = &cat;
    ctx.table = &table;
    return catalog::pg::deparse_default(*expr, catalog::pg::type_from_formatted(column_type), ctx);
  } catch (const catalog::pg::ExprError&) {
    return std::nullopt;  // an expression PostgreSQL itself would reject: keep what the schema says
  } catch (const catalog::pg::ExprError&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::string> pg_predicate_text(std::string_view text, const catalog::Catalog& cat,
                                             const catalog::Table& table) {
  auto expr = parse_expression(text);
  if (!expr) return std::nullopt;
  try {
    catalog::pg::ExprContext ctx;
    ctx.catalog = &cat;
    ctx.table = &table;
    return catalog::pg::deparse_bool(*expr, ctx);
  } catch (const catalog::pg::ExprError&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace sg::prisma
