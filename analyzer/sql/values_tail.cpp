#include "analyzer/sql/values_tail.hpp"

#include "analyzer/sql/pg_query_handle.hpp"
#include "analyzer/sql/split.hpp"

namespace sg::sql {

namespace {

// Reads the tokens of one statement; each step fails (returns false) on anything unexpected.
class Reader {
 public:
  Reader(std::string_view file, const std::vector<Token>& tokens, size_t i, uint32_t end)
      : file_(file), t_(tokens), i_(i), end_(end) {
    skip_comments();
  }

  bool done() const { return i_ >= t_.size() || t_[i_].begin >= end_; }
  uint32_t previous_end() const { return t_[i_ - 1].end; }

  bool word(std::string_view keyword) {
    if (done() || !t_[i_].is_word() || !word_is(file_.substr(t_[i_].begin, t_[i_].end - t_[i_].begin), keyword))
      return false;
    next();
    return true;
  }
  bool kind(int32_t k) {
    if (done() || t_[i_].kind != k) return false;
    next();
    return true;
  }
  bool at(int32_t k) const { return !done() && t_[i_].kind == k; }
  bool name() { return kind(kWord) || kind(kQuotedName); }
  // name(.name)*
  bool qualified_name() {
    if (!name()) return false;
    while (kind('.'))
      if (!name()) return false;
    return true;
  }
  // A balanced (…) group; false when it does not start here or is not closed before a ';'.
  bool group() {
    if (!at('(')) return false;
    for (int depth = 0; !done(); next()) {
      const int32_t k = t_[i_].kind;
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

// The rows after the first of the INSERT starting at token i, when it has the plain form.
bool values_tail_of(std::string_view file, const std::vector<Token>& tokens, size_t i, uint32_t end, Span& tail) {
  Reader r(file, tokens, i, end);
  if (!r.word("insert") || !r.word("into") || !r.qualified_name()) return false;
  if (r.word("as") && !r.name()) return false;
  if (r.at('(') && !r.group()) return false;
  if (r.word("overriding") && !((r.word("system") || r.word("user")) && r.word("value"))) return false;
  if (!r.word("values") || !r.group()) return false;
  tail = Span{r.previous_end(), r.previous_end()};
  while (r.kind(',')) {
    if (!r.group()) return false;
    tail.end = r.previous_end();
  }
  return true;  // what follows the rows (ON CONFLICT …, RETURNING …) stays as it is
}

}  // namespace

std::vector<ValuesTail> long_values_tails(std::string_view file, const TokenIndex& index, uint32_t begin,
                                          uint32_t end, uint32_t min_bytes) {
  std::vector<ValuesTail> out;
  const std::vector<Token>& tokens = index.all();
  // Statements start at the range's first token and after each ';' that psql's rule says ends one.
  TerminatorRule terminator;
  bool at_start = true;
  ValuesTail current;
  bool in_insert = false;  // the current statement is a plain INSERT … VALUES with a long enough tail
  uint32_t last_end = begin;
  for (size_t i = index.first_at_or_after(begin); i < tokens.size() && tokens[i].begin < end; ++i) {
    const Token& t = tokens[i];
    if (t.is_comment()) continue;
    if (at_start) {
      at_start = false;
      current.statement.begin = t.begin;
      Span tail;
      if (values_tail_of(file, tokens, i, end, tail)) {
        // The rows are balanced groups without a ';', already read: psql's rule is only told that the
        // statement's first words are taken (an INSERT is no routine), and the loop goes on after them.
        terminator.feed(file, t);
        terminator.count_words(4);
        current.tail = tail;
        in_insert = tail.end - tail.begin >= min_bytes;
        i = index.first_at_or_after(tail.end) - 1;  // the last row's ')'
        last_end = tail.end;
        continue;
      }
    }
    last_end = t.end;
    if (terminator.feed(file, t)) {
      if (in_insert) out.push_back(ValuesTail{Span{current.statement.begin, t.end}, current.tail});
      in_insert = false;
      at_start = true;
    }
  }
  if (in_insert) out.push_back(ValuesTail{Span{current.statement.begin, last_end}, current.tail});
  return out;
}

bool parses_alone(const std::string& statement) {
  const PgSplit split(statement.c_str(), PgSplit::By::Parser);
  return split.ok() && split.size() == 1;
}

}  // namespace sg::sql
