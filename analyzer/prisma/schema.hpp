#pragma once
// Prisma schema front end: `schema.prisma` or a multi-file schema folder, parsed with tree-sitter
// into a typed AST (analyzer/prisma/ast.hpp). Syntax problems become `schema-syntax-error` findings at
// their location; known gaps of the tree-sitter grammar (comments, decimal/negative numbers,
// enum-level block attributes) are handled so the AST stays right.
#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/finding.hpp"
#include "analyzer/prisma/ast.hpp"

namespace sg::prisma {

struct ParseResult {
  Schema schema;
  std::vector<Finding> findings;  // schema-syntax-error, schema-read-error, plus validation findings

  bool has_errors() const;
};

// Files larger than this are refused with a finding instead of being parsed.
inline constexpr size_t kMaxSchemaBytes = 32u * 1024u * 1024u;

// One source file, already read.
ParseResult parse_schema(const SourcePtr& file);
// Several files that form one schema (multi-file schemas): blocks from all of them, in order.
ParseResult parse_schema(const std::vector<SourcePtr>& files);
// A `.prisma` file, or a folder whose `.prisma` files (recursively, sorted by path) form one schema.
// `display_root`, when set, is what paths in findings are made relative to.
ParseResult parse_schema_path(const std::filesystem::path& path, const std::filesystem::path& display_root = {});

// The `.prisma` files a path stands for, sorted; a file stands for itself.
std::vector<std::filesystem::path> schema_files(const std::filesystem::path& path);

}  // namespace sg::prisma
