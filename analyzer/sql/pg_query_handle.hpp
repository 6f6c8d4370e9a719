#pragma once
// RAII owners for libpg_query results. Each wraps exactly one C result and frees it once; none of them
// is copyable, so a result cannot be freed twice or leak across an early return or exception.
#include <pg_query.h>

#include <cstddef>
#include <string_view>

namespace sg::sql {

// PostgreSQL's error as libpg_query reports it; cursorpos is 1-based and counted in characters.
struct PgError {
  std::string_view message;
  int cursorpos = 0;
};

class PgParse {
 public:
  explicit PgParse(const char* nul_terminated) : r_(pg_query_parse(nul_terminated)) {}
  ~PgParse() { pg_query_free_parse_result(r_); }
  PgParse(const PgParse&) = delete;
  PgParse& operator=(const PgParse&) = delete;

  bool ok() const { return r_.error == nullptr && r_.parse_tree != nullptr; }
  PgError error() const;
  std::string_view json() const { return r_.parse_tree ? std::string_view(r_.parse_tree) : std::string_view(); }

 private:
  PgQueryParseResult r_;
};

class PgSplit {
 public:
  // Scanner: statement boundaries from PostgreSQL's lexer alone. Parser: from its grammar, so a statement it
  // rejects is an error, without the JSON a full parse writes.
  enum class By { Scanner, Parser };
  explicit PgSplit(const char* nul_terminated, By by = By::Scanner)
      : r_(by == By::Parser ? pg_query_split_with_parser(nul_terminated)
                            : pg_query_split_with_scanner(nul_terminated)) {}
  ~PgSplit() { pg_query_free_split_result(r_); }
  PgSplit(const PgSplit&) = delete;
  PgSplit& operator=(const PgSplit&) = delete;

  bool ok() const { return r_.error == nullptr; }
  PgError error() const;
  int size() const { return ok() ? r_.n_stmts : 0; }
  // Offsets relative to the text given; len 0 never occurs here (the scanner always gives a length).
  int location(int i) const { return r_.stmts[i]->stmt_location; }
  int length(int i) const { return r_.stmts[i]->stmt_len; }

 private:
  PgQuerySplitResult r_;
};

}  // namespace sg::sql
