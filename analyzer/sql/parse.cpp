// parse_sql: the whole file through libpg_query, statement by statement only where it has to.
//
// Happy path: one lexer pass (comments, token boundaries) and one pg_query_parse per chunk (the whole
// file unless it is larger than kChunkBytes). When a chunk does not parse, it is split by psql's rule
// (split.hpp) and each statement is parsed alone, so one bad statement costs only itself. Lexer errors
// (an unterminated string...) need no special case: the lexer runs such a token to the end of the
// chunk, and PostgreSQL reports the error for that last statement.
#include "analyzer/sql/parse.hpp"

#include <simdjson.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <cstring>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/run_on_threads.hpp"
#include "analyzer/sql/json_reader.hpp"
#include "analyzer/sql/pg_query_handle.hpp"
#include "analyzer/sql/split.hpp"
#include "analyzer/sql/tokens.hpp"
#include "analyzer/sql/values_tail.hpp"

namespace sg::sql {
namespace {

// Large files are parsed in pieces of about this size (cut between statements), which bounds the
// memory of libpg_query's JSON (about 10x the SQL, 20x for INSERTs) and of the token list.
constexpr uint32_t kChunkBytes = 256u << 10;
// INSERT … VALUES rows after the first are left out of libpg_query's JSON from this size on (values_tail.hpp).
constexpr uint32_t kMinValuesTail = 4096;
// See TokenIndex::nesting_estimate: libpg_query 15-4.0 overflows an 8 MB stack near 80,000 chained
// operators; refusing above 10,000 keeps a wide margin even on 2 MB thread stacks.
constexpr uint32_t kMaxNesting = 10000;
// JSON depth simdjson accepts: about four levels per expression level, so kMaxExprDepth fits.
constexpr size_t kMaxJsonDepth = 4 * kMaxExprDepth + 256;

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

// A file's tree can be tens of megabytes of JSON, and simdjson keeps its buffers as large as the largest
// document it read: after a document that large, they are given back rather than held for the whole run.
constexpr size_t kJsonBytesKept = 4u << 20;
void release_json_scratch_after(size_t json_bytes) {
  if (json_bytes <= kJsonBytesKept) return;
  JsonScratch& scratch = json_scratch();
  scratch.padded = {};
  scratch.parser = od::parser{};
  [[maybe_unused]] simdjson::error_code ignored = scratch.parser.allocate(1u << 16, kMaxJsonDepth);
}

// Whether [begin, end) holds anything but space and comments; looks at the first tokens only (trim
// would walk the whole range, and recovery may ask about a long one many times).
bool has_code(const TokenIndex& tokens, uint32_t begin, uint32_t end) {
  const auto& t = tokens.all();
  size_t i = tokens.first_at_or_after(begin);
  while (i < t.size() && t[i].begin < end && t[i].is_comment()) ++i;
  return i < t.size() && t[i].begin < end;
}

void give_back_free_memory() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

// A file of at least this many chunks has them parsed on every core: a single large migration would otherwise
// keep one core parsing while the others wait for it.
constexpr size_t kChunksForThreads = 4;

class FileParser {
 public:
  explicit FileParser(std::string_view text) : original_size_(text.size()) {
    size_t nul = text.find('\0');
    limit_ = static_cast<uint32_t>(nul == std::string_view::npos ? text.size() : nul);
    text_ = text.substr(0, limit_);
  }

  ParsedFile run() {
    ParsedFile whole;
    run_in_parts(UINT32_MAX, [&](ParsedFile&& part) {
      whole = std::move(part);
      return true;
    });
    return whole;
  }

  // Parses the file in parts of about `part_bytes` (whole chunks, so the statements, comments and errors are
  // those of one pass) and hands each to `each`, in file order, with the statements numbered through the file.
  void run_in_parts(uint32_t part_bytes, const std::function<bool(ParsedFile&&)>& each) {
    // The caller rejects NUL bytes before; if one gets here, say so instead of reading past it. The statement
    // it stands in is reported by this error alone, not also as a syntax error.
    const uint32_t parsed_end = limit_ == original_size_ ? limit_ : start_of_last_statement(limit_);
    const std::vector<uint32_t> cuts = chunk_cuts(0, parsed_end);
    parse_end_ = parsed_end;
    uint32_t numbered = 0;
    auto hand_over = [&] {
      for (Statement& st : out_.statements) st.index = numbered++;
      const bool go_on = each(std::move(out_));
      out_ = ParsedFile{};
      return go_on;
    };
    for (size_t first = 0, last; first < cuts.size(); first = last) {
      const uint32_t begin = first ? cuts[first - 1] : 0;
      for (last = first + 1; last < cuts.size() && cuts[last - 1] - begin < part_bytes;) ++last;
      process_chunks(begin, std::span(cuts).subspan(first, last - first));
      if (last < cuts.size() && !hand_over()) return;
    }
    if (limit_ != original_size_) {
      const TokenIndex rest = lex_sql(file(), parsed_end, limit_);
      const Span code = rest.trim(parsed_end, limit_);
      add_error("NUL byte in input: the rest of the file was not parsed", limit_,
                Span{code.begin == code.end ? limit_ : code.begin, static_cast<uint32_t>(original_size_)});
    }
    hand_over();
  }

 private:
  std::string_view file() const { return text_; }
  std::string_view view(uint32_t begin, uint32_t end) const { return file().substr(begin, end - begin); }

  void add_error(std::string message, uint32_t offset, Span statement) {
    SyntaxError e;
    e.message = std::move(message);
    e.offset = std::min<uint32_t>(offset, static_cast<uint32_t>(original_size_));
    e.statement = statement;
    out_.errors.push_back(std::move(e));
    ++out_.split_count;
  }

  void keep(std::vector<Statement>& statements) {
    out_.split_count += static_cast<uint32_t>(statements.size());
    for (Statement& s : statements) out_.statements.push_back(std::move(s));
  }

  // Just after the last statement-ending ';' before `end` (0 when there is none).
  uint32_t start_of_last_statement(uint32_t end) const {
    uint32_t pos = 0;
    for (uint32_t cut; (cut = chunk_cut(file(), pos, end, kChunkBytes)) < end;) pos = cut;
    const TokenIndex tokens = lex_sql(file(), pos, end);
    TerminatorRule rule;
    uint32_t start = pos;
    for (const Token& t : tokens.all())
      if (rule.feed(file(), t)) start = t.end;
    return start;
  }

  // A parser for one chunk of the same text, run on another thread; its results are appended to this one's.
  struct ChunkOf {
    const FileParser& whole;
  };
  explicit FileParser(ChunkOf c)
      : original_size_(c.whole.original_size_), limit_(c.whole.limit_), text_(c.whole.text_) {}

  void append(ParsedFile&& part) {
    for (Statement& s : part.statements) out_.statements.push_back(std::move(s));
    for (SqlComment& c : part.comments) out_.comments.push_back(std::move(c));
    for (SyntaxError& e : part.errors) out_.errors.push_back(std::move(e));
    out_.split_count += part.split_count;
  }

  void process_range(uint32_t begin, uint32_t end) { process_chunks(begin, chunk_cuts(begin, end)); }

  // The ends of the chunks [begin, end) is parsed in.
  std::vector<uint32_t> chunk_cuts(uint32_t begin, uint32_t end) const {
    std::vector<uint32_t> cuts;
    for (uint32_t pos = begin; pos < end; pos = cuts.back()) cuts.push_back(chunk_cut(file(), pos, end, kChunkBytes));
    return cuts;
  }

  // The chunks from `begin` to each of `cuts` in turn.
  void process_chunks(uint32_t begin, std::span<const uint32_t> cuts) {
    // Capped: each thread holds a chunk's JSON (about ten times its SQL) while it reads it.
    const unsigned cores = std::min(8u, std::thread::hardware_concurrency());
    if (cuts.size() < kChunksForThreads || cores < 2) {
      for (size_t i = 0; i < cuts.size(); ++i) process_chunk(i ? cuts[i - 1] : begin, cuts[i]);
      return;
    }
    // Each chunk's statements, comments and errors depend on its text alone: parsed apart, joined in order,
    // they are what one pass would have made.
    std::vector<ParsedFile> parts(cuts.size());
    run_on_threads(cuts.size(), cores, [&](size_t i) {
      FileParser chunk(ChunkOf{*this});
      chunk.process_chunk(i ? cuts[i - 1] : begin, cuts[i]);
      chunk.out_.statements.shrink_to_fit();  // held until the join: no room for statements that never come
      parts[i] = std::move(chunk.out_);
    });
    size_t statements = out_.statements.size();
    for (const ParsedFile& part : parts) statements += part.statements.size();
    out_.statements.reserve(statements);
    // The parts' arrays are freed as they are joined, but glibc keeps freed memory scattered through the heap
    // (the other threads' JSON and token buffers too) from the system: without handing it back every few
    // parts, the parts and the joined array would both count in the peak (304 MB instead of 280 on a 50 MB
    // file), and the replay that follows would keep what is left. A file parsed in parts is not trimmed after
    // each: that cost 10% of its CPU time, and the next part uses the memory again.
    for (size_t i = 0; i < parts.size(); ++i) {
      append(std::move(parts[i]));
      parts[i] = ParsedFile{};
      if (i % 16 == 15 || (i + 1 == parts.size() && cuts.back() == parse_end_)) give_back_free_memory();
    }
  }

  void process_chunk(uint32_t begin, uint32_t end) {
    const TokenIndex tokens = lex_sql(file(), begin, end);
    collect_comments(file(), tokens, out_.comments);
    tails_.clear();
    for (const ValuesTail& t : long_values_tails(file(), tokens, begin, end, kMinValuesTail))
      tails_.push_back({t, std::nullopt});
    if (tokens.nesting_estimate(begin, end) <= kMaxNesting) {
      Attempt whole = parse_text(begin, end, tokens);
      if (whole.parsed && whole.reason.empty()) {
        keep(whole.statements);
        return;
      }
    }
    // One statement at a time: a bad statement costs only itself.
    const StatementSplitter splitter(file(), tokens, end);
    for (uint32_t pos = begin; pos < end;) pos = process_piece(splitter.next(pos), tokens, splitter);
  }

  // libpg_query on [begin, stop): the statements, or PostgreSQL's error, or why the tree was unreadable.
  struct Attempt {
    bool parsed = false;
    std::vector<Statement> statements;
    std::string reason;   // set when parsed but not convertible
    std::string message;  // set when not parsed
    uint32_t error_at = 0;
  };

  Attempt parse_text(uint32_t begin, uint32_t stop, const TokenIndex& tokens) {
    // libpg_query reads a NUL-terminated string: each range is copied (a chunk, not the whole file).
    chunk_.assign(text_.data() + begin, stop - begin);
    if (blank_values_tails(begin, stop)) {
      Attempt a = parse_copy(begin, stop, tokens);
      if (a.parsed) return a;
      // An error elsewhere in the range: PostgreSQL's message and position (counted in characters) are the
      // ones it gives for the text as it is.
      chunk_.assign(text_.data() + begin, stop - begin);
    }
    return parse_copy(begin, stop, tokens);
  }

  // Blanks the rows after the first of the long INSERT … VALUES statements in [begin, stop) of chunk_ that
  // PostgreSQL's grammar accepts alone (values_tail.hpp). Returns whether it blanked any.
  bool blank_values_tails(uint32_t begin, uint32_t stop) {
    bool blanked = false;
    for (Tail& tail : tails_) {
      const ValuesTail& t = tail.where;
      if (t.statement.begin < begin || t.statement.end > stop) continue;
      if (!tail.blankable) tail.blankable = may_blank(t);
      if (!*tail.blankable) continue;
      std::memset(chunk_.data() + (t.tail.begin - begin), ' ', t.tail.end - t.tail.begin);
      blanked = true;
    }
    return blanked;
  }

  // Whether the statement parses alone, both as it is and without its tail: the second parse guards against a
  // tail that this lexer and PostgreSQL's would cut differently (it is cheap: the first row is left).
  bool may_blank(const ValuesTail& t) const {
    if (!parses_alone(std::string(view(t.statement.begin, t.statement.end)))) return false;
    std::string without_tail(view(t.statement.begin, t.tail.begin));
    without_tail += view(t.tail.end, t.statement.end);
    return parses_alone(without_tail);
  }

  // libpg_query on chunk_, which holds [begin, stop) of the file.
  Attempt parse_copy(uint32_t begin, uint32_t stop, const TokenIndex& tokens) {
    Attempt a;
    PgParse parse(chunk_.c_str());
    if (!parse.ok()) {
      PgError e = parse.error();
      a.message = std::string(e.message);
      a.error_at = e.cursorpos > 0 ? begin + char_position_to_byte(view(begin, stop), e.cursorpos)
                                   : tokens.trim(begin, stop).begin;
      return a;
    }
    a.parsed = true;
    bool converted = convert(parse.json(), begin, stop, tokens, a.statements, a.reason);
    release_json_scratch_after(parse.json().size());
    if (!converted && a.reason.empty())
      a.reason = "the parse tree could not be read";
    return a;
  }

  // One statement as psql splits it; returns where the next one starts. The text is parsed up to its
  // 1st, 2nd, 4th... hidden ';' first (one inside parentheses or a routine body): with one token of
  // lookahead, PostgreSQL reports an error inside such a prefix exactly as in the whole text, and a
  // chain of unclosed '(' costs linear time instead of reparsing the rest of the chunk each time.
  uint32_t process_piece(const StatementSplitter::Piece& p, const TokenIndex& tokens,
                         const StatementSplitter& splitter) {
    if (!has_code(tokens, p.begin, p.end)) return p.next;
    for (size_t k = 1;; k *= 2) {
      const uint32_t semicolon = splitter.semicolon(p.begin, p.end, k - 1);
      const bool whole = semicolon >= p.end;
      // With its own ';', so that PostgreSQL's message is the one it gives for the whole file.
      const uint32_t stop = whole ? p.next : semicolon + 1;
      if (tokens.nesting_estimate(p.begin, stop) > kMaxNesting) {
        const Span span = tokens.trim(p.begin, p.end);
        add_error("statement is nested too deeply to analyze (more than 10000 chained operators)", span.begin, span);
        return p.next;
      }
      Attempt a = parse_text(p.begin, stop, tokens);
      if (a.parsed) {
        // Parsed before a hidden ';': PostgreSQL's grammar ended the statement where psql would not.
        if (!a.reason.empty()) {
          const Span span = tokens.trim(p.begin, whole ? p.end : semicolon);
          add_error("could not analyze this statement: " + a.reason, span.begin, span);
        } else {
          keep(a.statements);
        }
        return stop;
      }
      if (!whole && a.error_at >= stop) continue;  // the parser wanted more than this prefix
      const uint32_t cut = failed_statement_end(p, a.error_at, tokens, splitter);
      const Span span = tokens.trim(p.begin, cut);
      add_error(std::move(a.message), a.error_at, span.begin == span.end ? Span{a.error_at, a.error_at} : span);
      return cut >= p.end ? p.next : cut + 1;
    }
  }

  // Where a statement that failed at `error_at` ends. psql's split is kept, except where it hid a ';'
  // only because a '(' was left open: when PostgreSQL rejects that very ';', or when the '(' is never
  // closed (the piece would otherwise swallow the rest of the chunk), the statement ends at the first
  // such ';' from the error on. A ';' inside a routine body or a balanced group (CREATE RULE's action
  // list) is not cut at: what follows it is not a statement of its own.
  uint32_t failed_statement_end(const StatementSplitter::Piece& p, uint32_t error_at, const TokenIndex& tokens,
                                const StatementSplitter& splitter) const {
    if (p.swallowed) return splitter.semicolon(std::max(error_at, p.unclosed), p.end, 0);
    const bool at_semicolon = error_at < p.end && text_[error_at] == ';' && tokens.token_end(error_at) == error_at + 1;
    if (at_semicolon && splitter.inside_parentheses(p.begin, error_at)) return error_at;
    return p.end;
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
          st.may_have_long_name = tokens.has_long_token(st.span.begin, st.span.end);
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
  uint32_t parse_end_ = 0;  // where the statements parsed in chunks end (run_in_parts)
  std::string_view text_;  // the caller's text up to limit_
  std::string chunk_;      // the range libpg_query is parsing, NUL-terminated
  // The current chunk's long INSERT … VALUES statements, and whether each may be blanked (checked when first
  // needed: a range that does not parse is parsed again statement by statement).
  struct Tail {
    ValuesTail where;
    std::optional<bool> blankable;
  };
  std::vector<Tail> tails_;
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

void parse_sql_in_parts(std::string_view text, uint32_t part_bytes, const std::function<bool(ParsedFile&&)>& each) {
  if (text.size() >= UINT32_MAX / 2) {
    each(parse_sql(text));
    return;
  }
  FileParser(text).run_in_parts(part_bytes, each);
}

}  // namespace sg::sql
