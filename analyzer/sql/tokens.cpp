#include "analyzer/sql/tokens.hpp"

#include <pg_query/pg_query.pb-c.h>

#include <algorithm>

#include "analyzer/sql/pg_query_handle.hpp"

namespace sg::sql {

bool Token::is_comment() const { return kind == PG_QUERY__TOKEN__SQL_COMMENT || kind == PG_QUERY__TOKEN__C_COMMENT; }

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
    if (j < tokens_.size() && tokens_[j].kind == PG_QUERY__TOKEN__END_P) end = tokens_[j].end;
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
      case '.': case PG_QUERY__TOKEN__IDENT: case PG_QUERY__TOKEN__UIDENT: case PG_QUERY__TOKEN__FCONST:
      case PG_QUERY__TOKEN__SCONST: case PG_QUERY__TOKEN__USCONST: case PG_QUERY__TOKEN__BCONST:
      case PG_QUERY__TOKEN__XCONST: case PG_QUERY__TOKEN__ICONST: case PG_QUERY__TOKEN__PARAM:
      case PG_QUERY__TOKEN__SQL_COMMENT: case PG_QUERY__TOKEN__C_COMMENT:
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

ScanOutcome scan_tokens(const char* nul_terminated, uint32_t base) {
  ScanOutcome out;
  PgScan scan(nul_terminated);
  if (!scan.ok()) {
    PgError e = scan.error();
    out.error_message = std::string(e.message);
    out.error_offset = base + char_position_to_byte(nul_terminated, e.cursorpos);
    return out;
  }
  const PgQuery__ScanResult* r = scan.tokens();
  std::vector<Token> tokens;
  tokens.reserve(r->n_tokens);
  for (size_t i = 0; i < r->n_tokens; ++i) {
    const PgQuery__ScanToken* t = r->tokens[i];
    tokens.push_back(Token{base + static_cast<uint32_t>(t->start), base + static_cast<uint32_t>(t->end),
                           static_cast<int32_t>(t->token),
                           t->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD});
  }
  out.ok = true;
  out.tokens = TokenIndex(std::move(tokens));
  return out;
}

void collect_comments(std::string_view file, const TokenIndex& tokens, std::vector<SqlComment>& out) {
  for (const Token& t : tokens.all()) {
    if (!t.is_comment() || t.end > file.size() || t.end < t.begin) continue;
    SqlComment c;
    c.span = Span{t.begin, t.end};
    c.block = t.kind == PG_QUERY__TOKEN__C_COMMENT;
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
