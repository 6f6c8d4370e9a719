// parse_sql: the whole file through libpg_query, statement by statement only where it has to.
//
// Happy path: one pg_query_scan (comments, token boundaries) and one pg_query_parse per chunk (the whole
// file unless it is larger than kChunkBytes). When a chunk does not parse, it is split with the scanner
// and each statement is parsed alone, so one bad statement costs only itself. Lexer errors (an
// unterminated string...) stop the scanner itself; they are handled by splitting around them.
#include "analyzer/sql/parse.hpp"

#include <simdjson.h>

#include <cstring>
#include <string>
#include <vector>

#include "analyzer/sql/json_reader.hpp"
#include "analyzer/sql/pg_query_handle.hpp"
#include "analyzer/sql/tokens.hpp"

namespace sg::sql {
namespace {

// Large files are parsed in pieces of about this size (cut between statements), which bounds the
// memory of libpg_query's JSON (about 10x the SQL) and of the token list.
constexpr uint32_t kChunkBytes = 1u << 20;
// See TokenIndex::nesting_estimate: libpg_query 15-4.0 overflows an 8 MB stack near 80,000 chained
// operators; refusing above 10,000 keeps a wide margin even on 2 MB thread stacks.
constexpr uint32_t kMaxNesting = 10000;
// JSON depth simdjson accepts: about four levels per expression level, so kMaxExprDepth fits.
constexpr size_t kMaxJsonDepth = 4 * kMaxExprDepth + 256;

// Writes a NUL at `pos` for the lifetime of the object so libpg_query sees a prefix of the buffer.
class NulTerminate {
 public:
  NulTerminate(std::string& s, size_t pos) : s_(s), pos_(pos), saved_(s[pos]) { s_[pos_] = '\0'; }
  ~NulTerminate() { s_[pos_] = saved_; }
  NulTerminate(const NulTerminate&) = delete;
  NulTerminate& operator=(const NulTerminate&) = delete;

 private:
  std::string& s_;
  size_t pos_;
  char saved_;
};

// simdjson's parser and the padded copy of the JSON are kept per thread: allocating them per file cost
// as much as reading the JSON.
struct JsonScratch {
  JsonScratch() {
    // Failure here only means a smaller depth limit: iterate() allocates again and deep trees then
    // fail as a statement-level error.
    [[maybe_unused]] simdjson::error_code ignored = parser.allocate(1u << 16, kMaxJsonDepth);
  }
  od::parser parser;
  std::vector<char> padded;
};

JsonScratch& json_scratch() {
  thread_local JsonScratch scratch;
  return scratch;
}

struct Piece {
  uint32_t begin = 0;
  uint32_t end = 0;
};

class FileParser {
 public:
  explicit FileParser(std::string_view text) : original_size_(text.size()) {
    size_t nul = text.find('\0');
    limit_ = static_cast<uint32_t>(nul == std::string_view::npos ? text.size() : nul);
    buf_.assign(text.data(), limit_);
  }

  ParsedFile run() {
    if (limit_ > 0) process_range(0, limit_);
    if (limit_ < original_size_) {
      // The caller rejects NUL bytes before; if one gets here, say so instead of reading past it.
      add_error("NUL byte in input: the rest of the file was not parsed", limit_,
                Span{limit_, static_cast<uint32_t>(original_size_)});
    }
    for (uint32_t i = 0; i < out_.statements.size(); ++i) out_.statements[i].index = i;
    return std::move(out_);
  }

 private:
  std::string_view file() const { return buf_; }
  std::string_view view(uint32_t begin, uint32_t end) const { return file().substr(begin, end - begin); }

  void add_error(std::string message, uint32_t offset, Span statement) {
    SyntaxError e;
    e.message = std::move(message);
    e.offset = std::min<uint32_t>(offset, static_cast<uint32_t>(original_size_));
    e.statement = statement;
    out_.errors.push_back(std::move(e));
    ++out_.split_count;
  }

  std::vector<Piece> split(uint32_t begin, const PgSplit& s) const {
    std::vector<Piece> pieces;
    pieces.reserve(static_cast<size_t>(s.size()));
    for (int i = 0; i < s.size(); ++i) {
      uint32_t b = begin + static_cast<uint32_t>(s.location(i));
      pieces.push_back(Piece{b, b + static_cast<uint32_t>(s.length(i))});
    }
    return pieces;
  }

  void process_range(uint32_t begin, uint32_t end) {
    uint32_t pos = begin;
    while (pos < end) {
      if (end - pos <= kChunkBytes && process_chunk(pos, end)) return;
      std::vector<Piece> pieces;
      std::string message;
      uint32_t error_at = 0;
      {
        NulTerminate nul(buf_, end);
        PgSplit s(buf_.data() + pos);
        if (s.ok()) {
          pieces = split(pos, s);
        } else {
          PgError e = s.error();
          message = std::string(e.message);
          error_at = pos + char_position_to_byte(view(pos, end), e.cursorpos);
        }
      }
      if (message.empty()) {
        process_pieces(pos, end, pieces);
        return;
      }
      pos = process_lexer_error(pos, end, error_at, message);
    }
  }

  // The scanner stopped at `error_at`: keep the statements before the one that holds it, report that
  // one, and return where to go on.
  uint32_t process_lexer_error(uint32_t pos, uint32_t end, uint32_t error_at, const std::string& message) {
    error_at = std::clamp(error_at, pos, end);
    std::vector<Piece> before;
    {
      NulTerminate nul(buf_, error_at);
      PgSplit s(buf_.data() + pos);
      if (s.ok()) before = split(pos, s);
    }
    uint32_t stmt_begin = pos;
    if (!before.empty()) {
      const Piece last = before.back();
      if (last.end < error_at && buf_[last.end] == ';') {
        stmt_begin = last.end + 1;
      } else {
        stmt_begin = last.begin;
        before.pop_back();
      }
    }
    if (stmt_begin > pos) process_pieces(pos, stmt_begin, before);

    // An unterminated literal or comment swallows the rest of the file; other lexer errors (a bad
    // number, an empty quoted name) end with the next ';'.
    const bool to_end = message.rfind("unterminated", 0) == 0;
    uint32_t stmt_end = end;
    if (!to_end) {
      size_t semi = buf_.find(';', error_at);
      if (semi != std::string::npos && semi < end) stmt_end = static_cast<uint32_t>(semi);
    }
    Span span{stmt_begin, stmt_end};
    if (error_at > stmt_begin) {
      TokenIndex tokens = lex_sql(file(), stmt_begin, error_at);
      collect_comments(file(), tokens, out_.comments);
      Span lead = tokens.trim(stmt_begin, error_at);
      span.begin = lead.begin == lead.end ? error_at : lead.begin;
    }
    while (span.end > span.begin && std::isspace(static_cast<unsigned char>(buf_[span.end - 1]))) --span.end;
    if (span.begin > span.end) span.begin = span.end;
    add_error(message, error_at, span);
    return to_end || stmt_end >= end ? end : stmt_end + 1;
  }

  // Statements the scanner found in [begin, end), parsed in chunks of about kChunkBytes.
  void process_pieces(uint32_t begin, uint32_t end, const std::vector<Piece>& pieces) {
    if (pieces.empty()) {
      if (end > begin && !process_chunk(begin, end)) add_error("could not scan the text", begin, Span{begin, end});
      return;
    }
    uint32_t chunk_begin = begin;
    for (size_t i = 0; i < pieces.size(); ++i) {
      const bool last = i + 1 == pieces.size();
      if (!last && pieces[i].end - chunk_begin < kChunkBytes) continue;
      uint32_t chunk_end = last ? end : pieces[i + 1].begin;
      if (!process_chunk(chunk_begin, chunk_end))
        add_error("could not scan the text", chunk_begin, Span{chunk_begin, chunk_end});
      chunk_begin = chunk_end;
    }
  }

  // Returns false only when the scanner fails on this chunk (a lexer error); nothing is kept then.
  bool process_chunk(uint32_t begin, uint32_t end) {
    NulTerminate nul(buf_, end);
    const char* input = buf_.data() + begin;
    const TokenIndex tokens = lex_sql(file(), begin, end);

    if (tokens.nesting_estimate(begin, end) <= kMaxNesting) {
      PgParse parse(input);
      if (parse.ok()) {
        std::vector<Statement> statements;
        std::string reason;
        if (convert(parse.json(), begin, end, tokens, statements, reason)) {
          collect_comments(file(), tokens, out_.comments);
          out_.split_count += static_cast<uint32_t>(statements.size());
          for (Statement& s : statements) out_.statements.push_back(std::move(s));
          return true;
        }
      }
    }

    PgSplit s(input);
    if (!s.ok()) return false;
    collect_comments(file(), tokens, out_.comments);
    // One statement at a time: a bad statement costs only itself.
    for (const Piece& piece : split(begin, s)) process_statement(piece, tokens);
    return true;
  }

  void process_statement(const Piece& piece, const TokenIndex& tokens) {
    Span span = tokens.trim(piece.begin, piece.end);
    if (span.begin == span.end) return;
    if (tokens.nesting_estimate(piece.begin, piece.end) > kMaxNesting) {
      add_error("statement is nested too deeply to analyze (more than 10000 chained operators)", span.begin, span);
      return;
    }
    NulTerminate nul(buf_, piece.end);
    PgParse parse(buf_.data() + piece.begin);
    if (!parse.ok()) {
      PgError e = parse.error();
      uint32_t offset = e.cursorpos > 0 ? piece.begin + char_position_to_byte(view(piece.begin, piece.end), e.cursorpos)
                                        : span.begin;
      add_error(std::string(e.message), offset, span);
      return;
    }
    std::vector<Statement> statements;
    std::string reason;
    if (!convert(parse.json(), piece.begin, piece.end, tokens, statements, reason)) {
      add_error("could not analyze this statement: " + reason, span.begin, span);
      return;
    }
    out_.split_count += static_cast<uint32_t>(statements.size());
    for (Statement& st : statements) out_.statements.push_back(std::move(st));
  }

  // libpg_query's JSON for the text that starts at `base` into statements. False (with a reason) when
  // the tree cannot be read; nothing is kept from a partly read tree.
  bool convert(std::string_view json, uint32_t base, uint32_t input_end, const TokenIndex& tokens,
               std::vector<Statement>& out, std::string& reason) {
    try {
      JsonScratch& scratch = json_scratch();
      if (scratch.padded.size() < json.size() + simdjson::SIMDJSON_PADDING)
        scratch.padded.resize(json.size() + simdjson::SIMDJSON_PADDING);
      std::memcpy(scratch.padded.data(), json.data(), json.size());
      simdjson::padded_string_view padded(scratch.padded.data(), json.size(), scratch.padded.size());
      od::document doc = scratch.parser.iterate(padded);
      ReadContext ctx;
      ctx.file = file();
      ctx.base = base;
      ctx.statement_end = input_end;
      ctx.tokens = &tokens;
      uint32_t previous_end = base;
      for_each_field(doc.get_object().value(), [&](std::string_view key, od::value stmts) {
        if (key != "stmts") return;
        for_each_element(stmts, [&](od::value raw) {
          Statement st;
          int64_t location = 0, length = 0;
          ctx.statement_begin = previous_end;
          ctx.depth = 0;
          for_each_field(raw, [&](std::string_view k, od::value v) {
            if (k == "stmt") {
              read_node(v, [&](std::string_view name, od::value body) {
                st.node = std::string(name);
                st.body = read_statement(ctx, name, body);
              });
            } else if (k == "stmt_location") {
              location = as_int(v);
            } else if (k == "stmt_len") {
              length = as_int(v);
            }
          });
          uint32_t b = std::min<uint32_t>(input_end, base + static_cast<uint32_t>(std::max<int64_t>(0, location)));
          uint32_t e = length <= 0 ? input_end
                                   : std::min<uint32_t>(input_end, b + static_cast<uint32_t>(length));
          st.span = tokens.trim(b, e);
          previous_end = e;
          out.push_back(std::move(st));
        });
      });
      return true;
    } catch (const simdjson::simdjson_error& e) {
      reason = e.error() == simdjson::DEPTH_ERROR ? "the parse tree is nested too deeply" : e.what();
    } catch (const ReadError& e) {
      reason = e.what();
    }
    out.clear();
    return false;
  }

  size_t original_size_;
  uint32_t limit_ = 0;
  std::string buf_;
  ParsedFile out_;
};

}  // namespace

ParsedFile parse_sql(std::string_view text) {
  // Offsets are 32-bit (Span): anything larger is refused rather than silently wrapped.
  if (text.size() >= UINT32_MAX / 2) {
    ParsedFile out;
    out.errors.push_back(SyntaxError{"file too large to analyze (over 2 GB)", 0, Span{0, 0}});
    out.split_count = 1;
    return out;
  }
  return FileParser(text).run();
}

}  // namespace sg::sql
