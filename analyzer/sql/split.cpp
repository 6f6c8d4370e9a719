#include "analyzer/sql/split.hpp"

#include <algorithm>

namespace sg::sql {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

}  // namespace

bool TerminatorRule::feed(std::string_view file, const Token& t) {
  if (t.is_comment()) return false;
  switch (t.kind) {
    case '(':
      ++paren_;
      return false;
    case ')':
      if (paren_ > 0) --paren_;
      return false;
    case ';':
      if (paren_ > 0 || begin_depth_ > 0) return false;
      *this = TerminatorRule{};
      return true;
    default:
      if (t.is_word()) word(file.substr(t.begin, t.end - t.begin));
      return false;
  }
}

void TerminatorRule::word(std::string_view w) {
  // psql remembers the initials of the first four words when they are one of these, to recognise
  // CREATE [OR REPLACE] FUNCTION|PROCEDURE, whose SQL-standard body (BEGIN ATOMIC ... END) holds ';'.
  if (words_ < 4 && (word_is(w, "create") || word_is(w, "function") || word_is(w, "procedure") ||
                     word_is(w, "or") || word_is(w, "replace"))) {
    first_words_[words_] = static_cast<char>(w[0] | 0x20);
  }
  ++words_;
  const char* f = first_words_;
  const bool routine = f[0] == 'c' && (f[1] == 'f' || f[1] == 'p' ||
                                       (f[1] == 'o' && f[2] == 'r' && (f[3] == 'f' || f[3] == 'p')));
  if (!routine || paren_ > 0) return;
  if (word_is(w, "begin")) {
    ++begin_depth_;
  } else if (word_is(w, "case")) {
    // CASE also ends with END; it only matters inside a body.
    if (begin_depth_ > 0) ++begin_depth_;
  } else if (word_is(w, "end")) {
    if (begin_depth_ > 0) --begin_depth_;
  }
}

uint32_t chunk_cut(std::string_view file, uint32_t begin, uint32_t end, uint32_t target) {
  if (end - begin <= target) return end;
  uint64_t window = std::max<uint32_t>(target, 1);
  while (true) {
    const uint32_t w_end = end - begin <= window ? end : static_cast<uint32_t>(begin + window);
    const TokenIndex tokens = lex_sql(file, begin, w_end);
    TerminatorRule rule;
    uint32_t cut = 0, any_semicolon = 0;
    for (const Token& t : tokens.all()) {
      // The window's last token may go on past it (a long string): nothing from it on is certain.
      if (w_end < end && t.end >= w_end) break;
      if (t.kind == ';') any_semicolon = t.end;
      if (rule.feed(file, t)) cut = t.end;
    }
    if (cut != 0) return cut;
    if (w_end == end) return end;
    if (any_semicolon != 0) return any_semicolon;
    window *= 2;
  }
}

StatementSplitter::StatementSplitter(std::string_view file, const TokenIndex& tokens, uint32_t end)
    : file_(file), tokens_(tokens), end_(end) {
  const auto& t = tokens_.all();
  size_t n = 0;
  while (n < t.size() && t[n].begin < end_) ++n;
  partner_.assign(n, kNone);
  words_before_.resize(n + 1);
  std::vector<uint32_t> open;
  uint32_t words = 0;
  for (size_t i = 0; i < n; ++i) {
    words_before_[i] = words;
    if (t[i].is_word()) ++words;
    if (t[i].kind == '(') {
      open.push_back(static_cast<uint32_t>(i));
    } else if (t[i].kind == ')' && !open.empty()) {
      partner_[open.back()] = static_cast<uint32_t>(i);
      open.pop_back();
    } else if (t[i].kind == ';') {
      semicolon_tokens_.push_back(static_cast<uint32_t>(i));
    }
  }
  words_before_[n] = words;
}

StatementSplitter::Piece StatementSplitter::next(uint32_t pos) const {
  const auto& t = tokens_.all();
  const size_t n = partner_.size();
  TerminatorRule rule;
  for (size_t i = tokens_.first_at_or_after(pos); i < n; ++i) {
    if (t[i].kind == '(') {
      // A balanced group cannot end the statement: skip it whole, so that recovery restarting inside
      // a long statement does not walk it again.
      const uint32_t close = partner_[i];
      if (close == kNone) return Piece{pos, end_, end_, t[i].begin, true};
      rule.count_words(words_before_[close] - words_before_[i]);
      i = close;
      continue;
    }
    if (rule.feed(file_, t[i])) return Piece{pos, t[i].begin, t[i].end, 0, false};
  }
  return Piece{pos, end_, end_, 0, false};
}

uint32_t StatementSplitter::semicolon(uint32_t begin, uint32_t end, size_t k) const {
  const auto& t = tokens_.all();
  auto it = std::lower_bound(semicolon_tokens_.begin(), semicolon_tokens_.end(), begin,
                             [&](uint32_t index, uint32_t offset) { return t[index].begin < offset; });
  if (static_cast<size_t>(semicolon_tokens_.end() - it) <= k) return end;
  const uint32_t at = t[*(it + static_cast<std::ptrdiff_t>(k))].begin;
  return at < end ? at : end;
}

bool StatementSplitter::inside_parentheses(uint32_t begin, uint32_t semicolon) const {
  const auto& t = tokens_.all();
  uint32_t depth = 0;
  for (size_t i = tokens_.first_at_or_after(begin); i < partner_.size() && t[i].begin < semicolon; ++i) {
    if (t[i].kind == '(') ++depth;
    else if (t[i].kind == ')' && depth > 0) --depth;
  }
  return depth > 0;
}

}  // namespace sg::sql
