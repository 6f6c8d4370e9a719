#include "analyzer/sql/pg_query_handle.hpp"

#include <pg_query/pg_query.pb-c.h>

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
PgError PgScan::error() const {
  if (!r_.error) return PgError{"could not read libpg_query's scan result", 0};
  return to_error(r_.error);
}

PgScan::PgScan(const char* nul_terminated) : r_(pg_query_scan(nul_terminated)) {
  static const uint8_t kEmpty = 0;
  if (!r_.error)
    tokens_ = pg_query__scan_result__unpack(
        nullptr, r_.pbuf.len, r_.pbuf.data ? reinterpret_cast<const uint8_t*>(r_.pbuf.data) : &kEmpty);
}

PgScan::~PgScan() {
  if (tokens_) pg_query__scan_result__free_unpacked(tokens_, nullptr);
  pg_query_free_scan_result(r_);
}

}  // namespace sg::sql
