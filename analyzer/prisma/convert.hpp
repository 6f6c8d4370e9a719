#pragma once
// tree-sitter nodes → Prisma AST. Internal to the front end (parse.cpp).
#include <cstdint>
#include <vector>

#include "analyzer/finding.hpp"
#include "analyzer/prisma/ast.hpp"
#include "analyzer/prisma/ts_handles.hpp"

namespace sg::prisma {

// Reads nodes of a tree parsed from a text whose offset 0 is offset `shift` of `file` (shift is 0
// except for the small texts built to parse enum-level attributes on their own). Spans and texts
// always come from the original file.
class Converter {
 public:
  Converter(SourcePtr file, int64_t shift, std::vector<Finding>& findings)
      : file_(std::move(file)), shift_(shift), findings_(findings) {}

  void declarations(TSNode root, Schema& out);
  Attribute attribute(TSNode node, bool block);
  // Reports every ERROR and MISSING node of the tree (outermost only), clipped to `limit`.
  void report_syntax_errors(TSNode root, Span limit);

  Span span(TSNode n) const;
  std::string_view text(TSNode n) const { return file_->slice(span(n)); }
  void error(Span at, std::string message, std::string help);

 private:
  Model block(TSNode node, Model::Kind kind);
  Enum enum_block(TSNode node);
  std::vector<Property> properties(TSNode block);
  Field field(TSNode node);
  FieldType field_type(TSNode node);
  Expr expr(TSNode node, int depth);
  std::vector<Argument> arguments(TSNode node, int depth);
  std::string name_of(TSNode node) const;  // identifier or member expression, whitespace removed

  SourcePtr file_;
  int64_t shift_;
  std::vector<Finding>& findings_;
};

inline constexpr int kMaxExpressionDepth = 64;

}  // namespace sg::prisma
