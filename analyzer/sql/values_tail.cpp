#include "analyzer/sql/values_tail.hpp"

#include <pg_query.h>

namespace sg::sql {

namespace {

bool is_word(std::string_view file, const Token& t, std::string_view lower) {
  if (t.kind != kWord || t.end - t.begin != lower.size()) return false;
  for (size_t i = 0; i < lower.size(); ++i)
    if ((file[t.begin + i] | 0x20) != lower[i]) return false;
  return true;
}

// Reads the token stream of one statement; every step fails (returns false) on anything unexpected.
class Reader {
 public:
  Reader(std::string_view file, const std::vector<Token>& tokens, size_t i, uint32_t end)
      : file_(file), t_(tokens), i_(i), end_(end) {
    skip_comments();
  }

  bool done() const { return i_ >= t_.size() || t_[i_].begin >= end_; }
  const Token& token() const { return t_[i_]; }
  uint32_t previous_end() const { return t_[i_ - 1].end; }
  size_t position() const { return i_; }

  bool word(std::string_view lower) {
    if (done() || !is_word(file_, token(), lower)) return false;
    next();
    return true;
  }
  bool kind(int32_t k) {
    if (done() || token().kind != k) return false;
    next();
    return true;
  }
  void skip() { next(); }
  bool name() { return kind(kWord) || kind(kQuotedName); }
  // name(.name)*
  bool qualified_name() {
    if (!name()) return false;
    while (kind('.'))
      if (!name()) return false;
    return true;
  }
  // A balanced (…) group; false when it does not start here or is not closed.
  bool group() {
    if (done() || token().kind != '(') return false;
    int depth = 0;
    for (; !done(); next()) {
      const int32_t k = token().kind;
      if (k == '(' || k == '[') ++depth;
      else if (k == ')' || k == ']') --depth;
      else if (k == ';') return false;
      if (depth == 0) {
        next();
        return true;
      }
    }
    return false;
  }

 private:
  void next() {
    ++i_;
    skip_comments();
  }
  void skip_comments() {
    while (i_ < t_.size() && t_[i_].is_comment()) ++i_;
  }

  std::string_view file_;
  const std::vector<Token>& t_;
  size_t i_;
  uint32_t end_;
};

// The tail of the INSERT starting at token i, if it has the plain form; `statement` gets its extent.
bool read_insert(std::string_view file, const std::vector<Token>& tokens, size_t i, uint32_t end, ValuesTail& out) {
  Reader r(file, tokens, i, end);
  const uint32_t begin = r.token().begin;
  if (!r.word("insert") || !r.word("into") || !r.qualified_name()) return false;
  if (r.kind(kAs) && !r.name()) return false;  // the lexer gives AS a kind of its own
  if (!r.done() && r.token().kind == '(' && !r.group()) return false;
  if (r.word("overriding") && !((r.word("system") || r.word("user")) && r.word("value"))) return false;
  if (!r.word("values") || !r.group()) return false;
  const uint32_t first_row_end = r.previous_end();
  uint32_t last_row_end = first_row_end;
  while (!r.done() && r.token().kind == ',') {
    if (!r.kind(',') || !r.group()) return false;
    last_row_end = r.previous_end();
  }
  // The rest of the statement (ON CONFLICT …, RETURNING …) is kept: only its end is needed.
  uint32_t statement_end = last_row_end;
  int depth = 0;
  for (; !r.done(); r.skip()) {
    const int32_t k = r.token().kind;
    if (k == '(' || k == '[') ++depth;
    else if (k == ')' || k == ']') --depth;
    statement_end = r.token().end;
    if (k == ';' && depth <= 0) break;
  }
  out.statement = Span{begin, statement_end};
  out.tail = Span{first_row_end, last_row_end};
  return true;
}

}  // namespace

std::vector<ValuesTail> long_values_tails(std::string_view file, const TokenIndex& index, uint32_t begin,
                                          uint32_t end, uint32_t min_bytes) {
  std::vector<ValuesTail> out;
  const std::vector<Token>& tokens = index.all();
  // A statement starts at the range's first token and after a ';' outside parentheses.
  bool at_start = true;
  int depth = 0;
  for (size_t i = index.first_at_or_after(begin); i < tokens.size() && tokens[i].begin < end; ++i) {
    const Token& t = tokens[i];
    if (t.is_comment()) continue;
    if (at_start && is_word(file, t, "insert")) {
      ValuesTail found;
      if (read_insert(file, tokens, i, end, found)) {
        if (found.tail.end - found.tail.begin >= min_bytes) out.push_back(found);
        i = index.first_at_or_after(found.statement.end) - 1;  // the statement's last token
        at_start = tokens[i].kind == ';';
        depth = 0;
        continue;
      }
    }
    at_start = false;
    if (t.kind == '(') ++depth;
    else if (t.kind == ')' && depth > 0) --depth;
    else if (t.kind == ';' && depth == 0) at_start = true;
  }
  return out;
}

bool parses_alone(const std::string& statement) {
  PgQuerySplitResult r = pg_query_split_with_parser(statement.c_str());
  const bool ok = r.error == nullptr && r.n_stmts == 1;
  pg_query_free_split_result(r);
  return ok;
}

}  // namespace sg::sql
