#pragma once
// Putting untrusted text (messages, paths, identifiers, SQL) into CommonMark + GitHub tables so it shows as
// written and cannot open links, HTML, emphasis, headings or table cells.
#include <string>
#include <string_view>

namespace sg::report::md {

// One line of inline text: CommonMark/GitHub punctuation backslash-escaped, newlines turned into spaces. A
// `...` pair on one line stays a code span (messages quote SQL that way); a lone backtick is escaped.
std::string escape_inline(std::string_view s);

// A code span whose fence is longer than any backtick run inside, padded when the text touches a fence.
std::string code_span(std::string_view s);

// A code span inside a GitHub table cell, where `|` ends the cell even in code: escaped as `\|`, which GitHub
// and cmark-gfm show as `|`.
std::string cell_code(std::string_view s);

// A fenced code block (```lang) whose fence is longer than any backtick run in `text`.
std::string code_block(std::string_view text, std::string_view lang);

}  // namespace sg::report::md
