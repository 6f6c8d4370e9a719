#pragma once
// PostgreSQL's own scanner (pg_query_scan) as a reference for the front end's lexer: the comments it
// sees in a text. Too slow for the parse path (it costs as much as parsing); tests compare against it.
#include <optional>
#include <string_view>
#include <vector>

#include "analyzer/source.hpp"

namespace sg::sql {

// Byte spans of every `--` and `/* */` comment, or nullopt when the scanner reports a lexer error.
std::optional<std::vector<Span>> pg_scanner_comment_spans(std::string_view text);

}  // namespace sg::sql
