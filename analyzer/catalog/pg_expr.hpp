#pragma once
// Deparses parsed expressions the way PostgreSQL prints them back after analysis (pg_get_expr,
// pg_get_constraintdef, pg_get_indexdef): unknown literals take the type the context gives them and are
// printed with a cast, implicit casts show under operators and function arguments but not at the top,
// every operator gets its own parentheses.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/catalog/pg_print.hpp"
#include "analyzer/sql/ir.hpp"

namespace sg::catalog::pg {

// An error PostgreSQL would raise while analysing the expression (bad enum label, unsafe new enum value).
struct ExprError {
  std::string sqlstate;
  std::string message;
};

struct ExprContext {
  const Catalog* catalog = nullptr;
  const Table* table = nullptr;  // the relation whose columns unqualified names refer to
  // Called for every enum label an expression turns into a constant; may throw ExprError (55P04).
  std::function<void(const Enum&, const std::string& label)> on_enum_label;
};

// pg_get_expr of a column default: the expression coerced to the column type (that cast is hidden).
// Returns nullopt for DEFAULT NULL, which PostgreSQL does not store.
std::optional<std::string> deparse_default(const sql::Expr& e, const TypeRef& column_type, const ExprContext& ctx);
// A boolean expression as pg_get_expr prints it (CHECK bodies, index predicates).
std::string deparse_bool(const sql::Expr& e, const ExprContext& ctx);

struct IndexExprText {
  std::string plain;      // as inside pg_get_indexdef(index)
  std::string pretty;     // as pg_get_indexdef(index, column, true)
  bool function_like = false;  // printed without extra parentheses in the key list
};
IndexExprText deparse_index_expr(const sql::Expr& e, const ExprContext& ctx);
// The relation a regclass literal names, as regclass input reads it: unquoted parts fold to lower case, an
// unqualified name is looked up in public. {schema, name}.
std::pair<std::string, std::string> regclass_name(std::string_view literal);
// The plain (non-pretty) text of an expression re-printed the way pretty mode prints it; nullopt when the
// text has a shape the re-printer does not know.
std::optional<std::string> pretty_index_expr(std::string_view plain);

// The type an expression has after analysis (used for USING clauses and generated columns).
TypeRef expr_type(const sql::Expr& e, const ExprContext& ctx);

// Column names an expression references, in order of appearance, without duplicates.
std::vector<std::string> referenced_columns(const sql::Expr& e);
// Renames unqualified (or last-part) column references in place.
void rename_column_refs(sql::Expr& e, std::string_view from, std::string_view to);
// Whether the expression refers to the type (casts).
bool refers_to_type(const sql::Expr& e, std::string_view schema, std::string_view name);
// Renames references to a type (casts) in place.
// Returns whether any reference was renamed (so callers re-print only what changed).
bool rename_type_refs(sql::Expr& e, std::string_view schema, std::string_view from, std::string_view to);

// Whether ALTER COLUMN ... TYPE can convert `from` to `to` without USING (an assignment cast exists).
bool assignment_cast_exists(const TypeRef& from, const TypeRef& to);

// jsonb's canonical text: keys sorted (shorter first), last duplicate wins, `": "` and `", "` separators.
// Returns nullopt when the text is not JSON (22P02).
std::optional<std::string> normalize_jsonb(std::string_view text);

}  // namespace sg::catalog::pg
