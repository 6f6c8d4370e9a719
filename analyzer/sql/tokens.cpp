#include "analyzer/sql/tokens.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace sg::sql {

TokenIndex::TokenIndex(std::vector<Token> tokens) : tokens_(std::move(tokens)) {
  for (const Token& t : tokens_)
    if (t.end - t.begin > kMaxIdentifierBytes) long_tokens_.push_back(Span{t.begin, t.end});
}

bool TokenIndex::has_long_token(uint32_t begin, uint32_t end) const {
  // Tokens do not overlap, so their ends are in order too: the first long token ending after `begin`.
  auto it = std::upper_bound(long_tokens_.begin(), long_tokens_.end(), begin,
                             [](uint32_t at, const Span& t) { return at < t.end; });
  return it != long_tokens_.end() && it->begin < end;
}

size_t TokenIndex::first_at_or_after(uint32_t offset) const {
  auto it = std::lower_bound(tokens_.begin(), tokens_.end(), offset,
                             [](const Token& t, uint32_t o) { return t.begin < o; });
  return static_cast<size_t>(it - tokens_.begin());
}

uint32_t TokenIndex::token_end(uint32_t offset) const {
  size_t i = first_at_or_after(offset);
  return (i < tokens_.size() && tokens_[i].begin == offset) ? tokens_[i].end : offset;
}

Span TokenIndex::trim(uint32_t begin, uint32_t end) const {
  size_t i = first_at_or_after(begin);
  while (i < tokens_.size() && tokens_[i].begin < end && tokens_[i].is_comment()) ++i;
  if (i >= tokens_.size() || tokens_[i].begin >= end) return Span{begin, begin};
  Span s{tokens_[i].begin, tokens_[i].end};
  for (; i < tokens_.size() && tokens_[i].begin < end; ++i)
    if (!tokens_[i].is_comment()) s.end = std::min(tokens_[i].end, end);
  return s;
}

uint32_t TokenIndex::qualified_name_end(uint32_t offset) const {
  size_t i = first_at_or_after(offset);
  if (i >= tokens_.size() || tokens_[i].begin != offset) return offset;
  uint32_t end = tokens_[i].end;
  while (i + 2 < tokens_.size() && tokens_[i + 1].kind == '.' && !tokens_[i + 2].is_comment() &&
         tokens_[i + 2].kind != '(' && tokens_[i + 2].kind != ';') {
    i += 2;
    end = tokens_[i].end;
  }
  return end;
}

namespace {
bool opens(int32_t k) { return k == '(' || k == '['; }
bool closes(int32_t k) { return k == ')' || k == ']'; }
}  // namespace

uint32_t TokenIndex::expression_end(uint32_t begin, uint32_t known_end, bool is_case) const {
  size_t i = first_at_or_after(begin);
  if (i >= tokens_.size()) return std::max(begin, known_end);
  uint32_t end = std::max(known_end, tokens_[i].end);
  // Parentheses opened inside the expression and not closed by its last operand close after it.
  int open = 0;
  size_t j = i;
  for (; j < tokens_.size() && tokens_[j].begin < end; ++j) {
    if (opens(tokens_[j].kind)) ++open;
    else if (closes(tokens_[j].kind) && open > 0) --open;
  }
  if (open == 0 && j < tokens_.size() && opens(tokens_[j].kind) && known_end <= tokens_[i].end) {
    // A keyword-led node with no operand read (EXISTS (...), ARRAY(...)): take the group that follows.
    open = 1;
    end = tokens_[j].end;
    ++j;
  }
  for (; j < tokens_.size() && open > 0; ++j) {
    if (tokens_[j].is_comment()) continue;
    if (opens(tokens_[j].kind)) ++open;
    else if (closes(tokens_[j].kind)) --open;
    else if (tokens_[j].kind == ';') break;
    end = tokens_[j].end;
  }
  if (is_case) {
    while (j < tokens_.size() && tokens_[j].is_comment()) ++j;
    if (j < tokens_.size() && tokens_[j].kind == kEnd) end = tokens_[j].end;
  }
  return end;
}

uint32_t TokenIndex::clause_end(uint32_t begin) const {
  size_t i = first_at_or_after(begin);
  uint32_t end = begin;
  int depth = 0;
  for (; i < tokens_.size(); ++i) {
    const int32_t k = tokens_[i].kind;
    if (tokens_[i].is_comment()) continue;
    if (k == ';') break;
    if (opens(k)) ++depth;
    else if (closes(k) && --depth < 0) break;
    else if (k == ',' && depth == 0) break;
    end = tokens_[i].end;
  }
  return end;
}

std::vector<Span> TokenIndex::clauses(uint32_t begin) const {
  std::vector<Span> out;
  size_t i = first_at_or_after(begin);
  while (i < tokens_.size() && tokens_[i].is_comment()) ++i;
  while (i < tokens_.size() && tokens_[i].kind != ';') {
    uint32_t start = tokens_[i].begin;
    uint32_t end = clause_end(start);
    if (end <= start) break;
    out.push_back(Span{start, end});
    i = first_at_or_after(end);
    while (i < tokens_.size() && (tokens_[i].is_comment() || tokens_[i].kind == ',')) {
      bool comma = tokens_[i].kind == ',';
      ++i;
      if (comma) break;
    }
    while (i < tokens_.size() && tokens_[i].is_comment()) ++i;
    if (i < tokens_.size() && closes(tokens_[i].kind)) break;
  }
  return out;
}

size_t TokenIndex::find_at_depth0(uint32_t begin, int32_t kind) const {
  int depth = 0;
  for (size_t i = first_at_or_after(begin); i < tokens_.size(); ++i) {
    const int32_t k = tokens_[i].kind;
    if (k == ';') break;
    if (k == kind && depth == 0) return i;
    if (opens(k)) ++depth;
    else if (closes(k)) --depth;
  }
  return tokens_.size();
}

uint32_t TokenIndex::nesting_estimate(uint32_t begin, uint32_t end) const {
  // Per open group: operators since the last comma, and the deepest group closed since then.
  struct Level { uint32_t ops = 0; uint32_t child = 0; uint32_t best = 0; };
  std::vector<Level> stack(1);
  uint32_t worst = 0;
  auto close_segment = [](Level& l) { l.best = std::max(l.best, l.ops + l.child); l.ops = 0; l.child = 0; };
  for (size_t i = first_at_or_after(begin); i < tokens_.size() && tokens_[i].begin < end; ++i) {
    const int32_t k = tokens_[i].kind;
    switch (k) {
      case '(': case '[': stack.emplace_back(); break;
      case ')': case ']':
        if (stack.size() > 1) {
          close_segment(stack.back());
          uint32_t depth = stack.back().best + 1;
          stack.pop_back();
          stack.back().child = std::max(stack.back().child, depth);
        }
        break;
      case ',': close_segment(stack.back()); break;
      case ';':
        while (stack.size() > 1) stack.pop_back();
        close_segment(stack.back());
        worst = std::max(worst, stack.back().best);
        stack.back() = Level{};
        break;
      case '.': case kLineComment: case kBlockComment:
        break;
      default: ++stack.back().ops; break;
    }
  }
  // Groups left open at the end still count.
  while (stack.size() > 1) {
    close_segment(stack.back());
    uint32_t depth = stack.back().best + 1;
    stack.pop_back();
    stack.back().child = std::max(stack.back().child, depth);
  }
  close_segment(stack.back());
  return std::max(worst, stack.back().best);
}

namespace {

// Character classes by byte: the lexer asks one of these for nearly every byte of a file.
enum : uint8_t { kSpace = 1, kIdentStart = 2, kIdentChar = 4, kDigit = 8, kOpChar = 16 };
constexpr std::array<uint8_t, 256> kClasses = [] {
  std::array<uint8_t, 256> c{};
  for (unsigned char ch : std::string_view(" \t\n\r\f\v")) c[ch] |= kSpace;
  for (int ch = 0; ch < 256; ++ch)
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch >= 0x80)
      c[ch] |= kIdentStart | kIdentChar;
  for (int ch = '0'; ch <= '9'; ++ch) c[ch] |= kDigit | kIdentChar;
  c['$'] |= kIdentChar;
  for (unsigned char ch : std::string_view("~!@#^&|`?+-*/%<>=")) c[ch] |= kOpChar;
  return c;
}();
bool has(char c, uint8_t cls) { return (kClasses[static_cast<unsigned char>(c)] & cls) != 0; }
bool is_space(char c) { return has(c, kSpace); }
bool is_ident_start(char c) { return has(c, kIdentStart); }
bool is_ident_char(char c) { return has(c, kIdentChar); }
bool is_digit(char c) { return has(c, kDigit); }
bool is_op_char(char c) { return has(c, kOpChar); }

// The few keywords the front end's clause and expression walks need, found by length.
int32_t keyword_kind(std::string_view word) {
  auto is = [&](std::string_view keyword) { return word_is(word, keyword); };
  switch (word.size()) {
    case 2: return is("as") ? kAs : is("is") ? kIs : is("no") ? kNo : kWord;
    case 3: return is("end") ? kEnd : is("not") ? kNot : kWord;
    case 4:
      return is("case")   ? kCase
             : is("data") ? kData
             : is("null") ? kNull
             : is("true") ? kTrue
             : is("with") ? kWith
                          : kWord;
    case 5: return is("false") ? kFalse : kWord;
    case 6: return is("isnull") ? kIsnull : kWord;
    case 7: return is("notnull") ? kNotnull : is("unknown") ? kUnknown : kWord;
    default: return kWord;
  }
}

class Lexer {
 public:
  Lexer(std::string_view file, uint32_t begin, uint32_t end) : s_(file.substr(0, end)), i_(begin) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    out.reserve((s_.size() - i_) / 4 + 4);
    while (true) {
      while (i_ < s_.size() && is_space(s_[i_])) ++i_;
      if (i_ >= s_.size()) break;
      const size_t start = i_;
      const int32_t kind = next();
      out.push_back(Token{static_cast<uint32_t>(start), static_cast<uint32_t>(i_), kind});
    }
    return out;
  }

 private:
  char at(size_t i) const { return i < s_.size() ? s_[i] : '\0'; }

  // Reads one token starting at i_ (not a space) and returns its kind.
  int32_t next() {
    const char c = s_[i_];
    const char n = at(i_ + 1);
    if (c == '-' && n == '-') {
      size_t e = s_.find_first_of("\r\n", i_);
      i_ = e == std::string_view::npos ? s_.size() : e;
      return kLineComment;
    }
    if (c == '/' && n == '*') return block_comment();
    if (c == '\'') return quoted('\'', false, kString);
    if (c == '"') return quoted('"', false, kQuotedName);
    if ((c == 'e' || c == 'E') && n == '\'') { ++i_; return quoted('\'', true, kString); }
    if ((c == 'b' || c == 'B' || c == 'x' || c == 'X') && n == '\'') { ++i_; return quoted('\'', false, kBitString); }
    if ((c == 'n' || c == 'N') && n == '\'') { ++i_; return quoted('\'', false, kString); }
    if ((c == 'u' || c == 'U') && n == '&' && (at(i_ + 2) == '\'' || at(i_ + 2) == '"')) {
      i_ += 2;
      return s_[i_] == '\'' ? quoted('\'', false, kString) : quoted('"', false, kQuotedName);
    }
    if (is_ident_start(c)) {
      size_t b = i_;
      while (i_ < s_.size() && is_ident_char(s_[i_])) ++i_;
      return keyword_kind(s_.substr(b, i_ - b));
    }
    if (is_digit(c) || (c == '.' && is_digit(n))) return number();
    if (c == '$') {
      if (is_digit(n)) {
        ++i_;
        while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
        return kParam;
      }
      if (int32_t k = dollar_quote(); k != 0) return k;
      ++i_;
      return '$';
    }
    if (c == ':' && n == ':') { i_ += 2; return kTypecast; }
    if (c == ':' && n == '=') { i_ += 2; return kOperator; }
    if (c == '.' && n == '.') { i_ += 2; return kOperator; }
    if (is_op_char(c)) return op();
    ++i_;
    return static_cast<unsigned char>(c);
  }

  int32_t block_comment() {
    int depth = 0;
    while (i_ < s_.size()) {
      if (s_[i_] == '/' && at(i_ + 1) == '*') { ++depth; i_ += 2; continue; }
      if (s_[i_] == '*' && at(i_ + 1) == '/') {
        i_ += 2;
        if (--depth == 0) return kBlockComment;
        continue;
      }
      ++i_;
    }
    return kBlockComment;
  }

  // 'it''s', "a""b", E'\'' (backslash escapes only in E strings). PostgreSQL also joins 'a'\n'b' into
  // one literal; as tokens they stay two, which is all the front end needs.
  int32_t quoted(char q, bool backslash, int32_t kind) {
    ++i_;
    if (!backslash) {
      // From quote to quote: a doubled quote continues the literal.
      while (i_ < s_.size()) {
        const void* found = std::memchr(s_.data() + i_, q, s_.size() - i_);
        if (!found) break;
        i_ = static_cast<size_t>(static_cast<const char*>(found) - s_.data()) + 1;
        if (at(i_) != q) return kind;
        ++i_;
      }
      i_ = s_.size();
      return kind;
    }
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (backslash && c == '\\') { i_ += 2; continue; }
      if (c == q) {
        if (at(i_ + 1) == q) { i_ += 2; continue; }
        ++i_;
        return kind;
      }
      ++i_;
    }
    i_ = s_.size();
    return kind;
  }

  // $tag$ ... $tag$; returns 0 (and consumes nothing) when '$' does not start a dollar quote.
  int32_t dollar_quote() {
    size_t j = i_ + 1;
    if (j < s_.size() && is_ident_start(s_[j]) && s_[j] != '$') {
      while (j < s_.size() && is_ident_char(s_[j]) && s_[j] != '$') ++j;
    }
    if (at(j) != '$') return 0;
    std::string_view delimiter = s_.substr(i_, j + 1 - i_);
    size_t close = s_.find(delimiter, j + 1);
    i_ = close == std::string_view::npos ? s_.size() : close + delimiter.size();
    return kString;
  }

  int32_t number() {
    bool integer = true;
    while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    if (at(i_) == '.' && at(i_ + 1) != '.') {
      integer = false;
      ++i_;
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    }
    if ((at(i_) == 'e' || at(i_) == 'E') &&
        (is_digit(at(i_ + 1)) || ((at(i_ + 1) == '+' || at(i_ + 1) == '-') && is_digit(at(i_ + 2))))) {
      integer = false;
      i_ += 2;
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    }
    return integer ? kInteger : kNumeric;
  }

  // PostgreSQL's operator rule: the longest run of operator characters, cut before any "--" or "/*",
  // and without trailing '+'/'-' unless the run holds one of ~!@#^&|`?% (so "=-5" is "=" then "-5").
  int32_t op() {
    size_t b = i_, e = i_;
    while (e < s_.size() && is_op_char(s_[e])) {
      if (e > b && ((s_[e] == '-' && s_[e - 1] == '-') || (s_[e] == '*' && s_[e - 1] == '/'))) {
        --e;
        break;
      }
      ++e;
    }
    size_t len = e - b;
    if (len > 1 && (s_[e - 1] == '+' || s_[e - 1] == '-')) {
      bool special = false;
      for (size_t k = b; k < e; ++k)
        if (std::strchr("~!@#^&|`?%", s_[k])) special = true;
      if (!special)
        while (len > 1 && (s_[b + len - 1] == '+' || s_[b + len - 1] == '-')) --len;
    }
    if (len == 0) len = 1;
    i_ = b + len;
    return len == 1 ? static_cast<int32_t>(static_cast<unsigned char>(s_[b])) : static_cast<int32_t>(kOperator);
  }

  std::string_view s_;
  size_t i_;
};

}  // namespace

TokenIndex lex_sql(std::string_view file, uint32_t begin, uint32_t end) {
  if (end > file.size()) end = static_cast<uint32_t>(file.size());
  if (begin >= end) return TokenIndex();
  return TokenIndex(Lexer(file, begin, end).run());
}

void collect_comments(std::string_view file, const TokenIndex& tokens, std::vector<SqlComment>& out) {
  for (const Token& t : tokens.all()) {
    if (!t.is_comment() || t.end > file.size() || t.end < t.begin) continue;
    SqlComment c;
    c.span = Span{t.begin, t.end};
    c.block = t.kind == kBlockComment;
    std::string_view body = file.substr(t.begin, t.end - t.begin);
    if (c.block) {
      body.remove_prefix(std::min<size_t>(2, body.size()));
      if (body.size() >= 2 && body.substr(body.size() - 2) == "*/") body.remove_suffix(2);
    } else {
      body.remove_prefix(std::min<size_t>(2, body.size()));
      while (!body.empty() && (body.back() == '\r' || body.back() == '\n')) body.remove_suffix(1);
    }
    c.text = std::string(body);
    out.push_back(std::move(c));
  }
}

uint32_t char_position_to_byte(std::string_view text, int cursorpos) {
  if (cursorpos <= 1) return 0;
  // PostgreSQL counts characters (UTF-8 code points): skip continuation bytes while counting.
  int chars = 0;
  size_t i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars == cursorpos - 1) break;
    ++chars;
  }
  return static_cast<uint32_t>(i);
}

}  // namespace sg::sql
