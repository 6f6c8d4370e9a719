#pragma once
// The scanner's view of a piece of SQL, kept compact: every token's byte range and kind. Used to trim
// statement spans, to find where expressions and names end, and to collect comments.
#include <cstdint>
#include <string_view>
#include <vector>

#include "analyzer/source.hpp"
#include "analyzer/sql/ir.hpp"

namespace sg::sql {

// Token kinds: punctuation and one-character operators are their ASCII code; the rest start at 256.
// Only the keywords the front end looks for get a kind of their own; other words are Word.
enum TokenKind : int32_t {
  kWord = 256,      // identifier or keyword
  kQuotedName,      // "name", U&"name"
  kString,          // 'text', E'..', N'..', U&'..', $tag$..$tag$
  kBitString,       // B'..', X'..'
  kInteger,
  kNumeric,
  kParam,           // $1
  kOperator,        // any other operator, including multi-character ones
  kTypecast,        // ::
  kLineComment,     // -- ...
  kBlockComment,    // /* ... */ (nested)
  kAs, kCase, kData, kEnd, kFalse, kIs, kIsnull, kNo, kNot, kNotnull, kNull, kTrue, kUnknown, kWith,
};

struct Token {
  uint32_t begin = 0;  // absolute byte offsets in the file
  uint32_t end = 0;
  int32_t kind = 0;    // TokenKind or an ASCII code
  bool is_comment() const { return kind == kLineComment || kind == kBlockComment; }
  // An unquoted word: an identifier or a keyword, with a kind of its own or not.
  bool is_word() const { return kind == kWord || kind >= kAs; }
};

// Whether `word` is `keyword` (written in lowercase letters) in any case. `c | 0x20` equals a lowercase letter
// exactly when c is that letter in either case, so no other byte can match.
inline bool word_is(std::string_view word, std::string_view keyword) {
  if (word.size() != keyword.size()) return false;
  for (size_t i = 0; i < keyword.size(); ++i)
    if ((word[i] | 0x20) != keyword[i]) return false;
  return true;
}

// Tokens sorted by position; answers "which token starts at / ends before this offset".
class TokenIndex {
 public:
  TokenIndex() = default;
  explicit TokenIndex(std::vector<Token> tokens);

  const std::vector<Token>& all() const { return tokens_; }
  // Index of the first token with begin >= offset (size() when none).
  size_t first_at_or_after(uint32_t offset) const;
  // End of the token starting exactly at `offset`, or `offset` when none starts there.
  uint32_t token_end(uint32_t offset) const;
  // [begin, end) shrunk to its first and last non-comment token; empty span at `begin` when none.
  Span trim(uint32_t begin, uint32_t end) const;
  // End of the longest run "name(.name)*" starting at `offset`.
  uint32_t qualified_name_end(uint32_t offset) const;
  // Best-effort end of an expression that starts at `begin` and whose sub-expressions end at `known_end`:
  // takes in closing parentheses/brackets left open inside, a balanced group that follows directly
  // (EXISTS (...)), and CASE's END.
  uint32_t expression_end(uint32_t begin, uint32_t known_end, bool is_case) const;
  // End of the clause starting at `begin`: stops before a ',' or ')' that is not nested inside it, or
  // at ';'. Used for column definitions, constraints and ALTER TABLE sub-commands.
  uint32_t clause_end(uint32_t begin) const;
  // The depth-0 comma-separated clauses between `begin` and the statement's ';' (or the end).
  std::vector<Span> clauses(uint32_t begin) const;
  // The first token at or after `begin`, at parenthesis depth 0 (relative to `begin`), whose kind is
  // `kind`, before the statement's ';'; size() when none.
  size_t find_at_depth0(uint32_t begin, int32_t kind) const;
  // An upper bound on how deep the parse tree of the tokens in [begin, end) can get: libpg_query prints
  // its tree recursively and overflows the C stack on very long operator chains, so such input must be
  // refused before it reaches the parser.
  uint32_t nesting_estimate(uint32_t begin, uint32_t end) const;
  // PostgreSQL's identifier limit in bytes (NAMEDATALEN - 1).
  static constexpr uint32_t kMaxIdentifierBytes = 63;
  // Whether a token (of any kind: name, literal, comment) longer than kMaxIdentifierBytes overlaps [begin, end):
  // a statement without one cannot name anything too long.
  bool has_long_token(uint32_t begin, uint32_t end) const;

 private:
  std::vector<Token> tokens_;
  std::vector<Span> long_tokens_;  // tokens longer than 63 bytes, in order
};

// Splits [begin, end) of `file` into tokens the way PostgreSQL's scanner does (standard_conforming_strings
// on): comments (nested /* */), quoted names and strings, dollar quotes, numbers, operators. It never
// fails: an unterminated literal or comment runs to `end` (libpg_query reports those errors).
// pg_query_scan would do this too, but costs as much as parsing the file (protobuf per token).
TokenIndex lex_sql(std::string_view file, uint32_t begin, uint32_t end);

// Appends the comments among `tokens` to `out`, with their text without markers.
void collect_comments(std::string_view file, const TokenIndex& tokens, std::vector<SqlComment>& out);

// Turns PostgreSQL's 1-based character position inside `text` into a byte offset (0-based).
uint32_t char_position_to_byte(std::string_view text, int cursorpos);

}  // namespace sg::sql
