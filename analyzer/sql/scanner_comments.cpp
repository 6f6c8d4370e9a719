#include "analyzer/sql/scanner_comments.hpp"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <string>

namespace sg::sql {
namespace {

// Owns pg_query_scan's result and its unpacked protobuf message.
class PgScan {
 public:
  explicit PgScan(const char* nul_terminated) : r_(pg_query_scan(nul_terminated)) {
    static const uint8_t kEmpty = 0;
    if (!r_.error)
      tokens_ = pg_query__scan_result__unpack(
          nullptr, r_.pbuf.len, r_.pbuf.data ? reinterpret_cast<const uint8_t*>(r_.pbuf.data) : &kEmpty);
  }
  ~PgScan() {
    if (tokens_) pg_query__scan_result__free_unpacked(tokens_, nullptr);
    pg_query_free_scan_result(r_);
  }
  PgScan(const PgScan&) = delete;
  PgScan& operator=(const PgScan&) = delete;
  const PgQuery__ScanResult* tokens() const { return tokens_; }

 private:
  PgQueryScanResult r_;
  PgQuery__ScanResult* tokens_ = nullptr;
};

}  // namespace

std::optional<std::vector<Span>> pg_scanner_comment_spans(std::string_view text) {
  const std::string copy(text);  // NUL-terminated
  PgScan scan(copy.c_str());
  if (!scan.tokens()) return std::nullopt;
  std::vector<Span> out;
  const PgQuery__ScanResult* r = scan.tokens();
  for (size_t i = 0; i < r->n_tokens; ++i) {
    const PgQuery__ScanToken* t = r->tokens[i];
    if (t->token == PG_QUERY__TOKEN__SQL_COMMENT || t->token == PG_QUERY__TOKEN__C_COMMENT)
      out.push_back(Span{static_cast<uint32_t>(t->start), static_cast<uint32_t>(t->end)});
  }
  return out;
}

}  // namespace sg::sql
