#include "analyzer/sql/pg_query_handle.hpp"

namespace sg::sql {
namespace {
PgError to_error(const PgQueryError* e) {
  if (!e) return {};
  return PgError{e->message ? std::string_view(e->message) : std::string_view("unknown parser error"), e->cursorpos};
}
}  // namespace

PgError PgParse::error() const {
  if (!r_.error) return PgError{"libpg_query returned no parse tree", 0};
  return to_error(r_.error);
}
PgError PgSplit::error() const { return to_error(r_.error); }
}  // namespace sg::sql
