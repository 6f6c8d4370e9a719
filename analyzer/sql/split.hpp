#pragma once
// Where statements end when PostgreSQL's grammar cannot say: psql's rule. A ';' ends a statement unless
// it is inside parentheses or inside the BEGIN ... END body of CREATE [OR REPLACE] FUNCTION|PROCEDURE
// (psqlscan.l). Used to cut large files into chunks and to split a chunk that does not parse, so
// that each bad statement costs only itself.
//
// libpg_query's pg_query_split_with_scanner is not used: it drops any statement without a keyword
// (`SELEC 2;` vanishes), never recovers from one ')' too many, and stops at the first lexer error.
#include <cstdint>
#include <string_view>
#include <vector>

#include "analyzer/sql/tokens.hpp"

namespace sg::sql {

// psql's terminator state over a token stream, one statement at a time.
class TerminatorRule {
 public:
  // Feeds the next token; true when it is the ';' that ends the statement (the state is then reset).
  bool feed(std::string_view file, const Token& t);
  bool inside_parentheses() const { return paren_ > 0; }

  // For callers that skip a balanced group: its words still count towards psql's first four.
  void count_words(uint32_t n) { words_ += n; }
  // A word outside parentheses.
  void word(std::string_view w);

 private:
  uint32_t paren_ = 0;
  uint32_t begin_depth_ = 0;
  uint32_t words_ = 0;
  char first_words_[4] = {};
};

// Where to end a chunk that starts at `begin`: just after the last statement-ending ';' in the first
// `target` bytes (`end` when the rest is no longer), found by lexing only that window. A window with
// no terminator grows, unless it holds any ';' at all: then an unclosed '(' is swallowing the file,
// and cutting at its last ';' keeps a hostile file from becoming one huge chunk.
uint32_t chunk_cut(std::string_view file, uint32_t begin, uint32_t end, uint32_t target);

// Statement boundaries inside one chunk, from any starting offset: after a syntax error, recovery goes
// on from inside what psql took for one statement. Linear set-up; each query skips balanced groups.
class StatementSplitter {
 public:
  StatementSplitter(std::string_view file, const TokenIndex& tokens, uint32_t end);

  struct Piece {
    uint32_t begin = 0;      // where scanning started (may be space or comments)
    uint32_t end = 0;        // the terminating ';', or the chunk's end
    uint32_t next = 0;       // just after the ';'
    uint32_t unclosed = 0;   // offset of a '(' never closed in the chunk (the piece then runs to the end)
    bool swallowed = false;  // true when `unclosed` is set
  };
  Piece next(uint32_t pos) const;

  // Offset of the k-th (0-based) ';' token in [begin, end), or `end` when there are fewer.
  uint32_t semicolon(uint32_t begin, uint32_t end, size_t k) const;
  // True when the ';' at `semicolon` is inside parentheses opened after `begin` (psql's count).
  bool inside_parentheses(uint32_t begin, uint32_t semicolon) const;

 private:
  std::string_view file_;
  const TokenIndex& tokens_;
  uint32_t end_;
  std::vector<uint32_t> partner_;       // per token of the chunk: the index of its ')' for a '(', else none
  std::vector<uint32_t> words_before_;  // per token: how many word tokens come before it
  std::vector<uint32_t> semicolon_tokens_;
};

}  // namespace sg::sql
