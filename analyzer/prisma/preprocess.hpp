#pragma once
// Works around the gaps of tree-sitter-prisma before it sees the text. The result has exactly the
// length of the source, so every node's byte span is a span of the original file:
//  - comments (`//`, `///`, `/* */`) become spaces (newlines kept): the grammar's `//` token swallows
//    the next line when the comment is empty, and it has no block comments at all;
//  - decimal, negative and exponent numbers become `_…_` identifiers (the grammar knows only \d+);
//    the converter reads the original text back and sees a number;
//  - block attributes inside `enum` blocks (`@@map`, `@@schema`) become spaces, to be parsed on
//    their own: the grammar allows only values there.
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/source.hpp"

namespace sg::prisma {

struct DocComment {
  Span span;          // the whole `/// …` comment
  std::string text;   // after `///`, one leading space removed
};

struct Preprocessed {
  std::string text;                     // same length as the source
  std::vector<DocComment> docs;         // in source order
  std::vector<Span> enum_attributes;    // `@@…(…)` inside enum blocks, in source order
  std::vector<Span> unterminated;       // block comments or strings that never end
  std::vector<uint32_t> nul_bytes;      // offsets of NUL bytes (made spaces)
};

Preprocessed preprocess(std::string_view source);

// True for `12`, `-1`, `1.5`, `-0.25`, `1e10`, `2.5E-3`.
bool is_number_literal(std::string_view text);

}  // namespace sg::prisma
