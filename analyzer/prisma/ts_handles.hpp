#pragma once
// Owners for tree-sitter's C handles, so no parser, tree, query or cursor leaks on an error path.
#include <tree_sitter/api.h>

#include <memory>
#include <string_view>

extern "C" const TSLanguage* tree_sitter_prisma(void);

namespace sg::prisma::ts {

struct ParserDeleter { void operator()(TSParser* p) const { ts_parser_delete(p); } };
struct TreeDeleter { void operator()(TSTree* t) const { ts_tree_delete(t); } };
struct QueryDeleter { void operator()(TSQuery* q) const { ts_query_delete(q); } };
struct QueryCursorDeleter { void operator()(TSQueryCursor* c) const { ts_query_cursor_delete(c); } };

using Parser = std::unique_ptr<TSParser, ParserDeleter>;
using Tree = std::unique_ptr<TSTree, TreeDeleter>;
using Query = std::unique_ptr<TSQuery, QueryDeleter>;
using QueryCursor = std::unique_ptr<TSQueryCursor, QueryCursorDeleter>;

// A tree cursor is a value type in the C API; this owns one for its lifetime.
class Cursor {
 public:
  explicit Cursor(TSNode node) : cursor_(ts_tree_cursor_new(node)) {}
  ~Cursor() { ts_tree_cursor_delete(&cursor_); }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  TSTreeCursor* get() { return &cursor_; }

 private:
  TSTreeCursor cursor_;
};

// A parser set to the Prisma grammar; null only if the grammar's ABI does not match the runtime.
Parser make_prisma_parser();

// Parses `text` (bytes, UTF-8); gives up (null tree) after `budget_ms` milliseconds of work.
Tree parse(TSParser* parser, std::string_view text, unsigned budget_ms = 20000);

// Compiles a query against the Prisma grammar; null (with `error_offset` set) when it does not compile.
Query make_query(std::string_view source, uint32_t* error_offset = nullptr);

}  // namespace sg::prisma::ts
