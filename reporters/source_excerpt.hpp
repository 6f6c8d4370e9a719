#pragma once
// The source line a finding points at, ready to print with its underline: the first line of the span,
// marked from the span's start to its end or to the end of that line when the span goes on.
#include <cstdint>
#include <optional>
#include <string>

#include "analyzer/finding.hpp"

namespace sg::report {

struct Excerpt {
  uint32_t line = 1;           // 1-based line number shown in the gutter
  std::string text;            // the line as a terminal shows it (see display_text.hpp)
  uint32_t mark_start = 0;     // display cell where the underline starts
  uint32_t mark_width = 1;     // cells underlined, at least one
  uint32_t last_line = 1;      // the line the span ends on; > line when it continues
};

// Nothing when the location has no file (a folder, the run itself).
std::optional<Excerpt> excerpt_of(const Location& loc);

// The line a span really ends on: a span that stops right after a newline ends on the line before.
uint32_t effective_end_line(const Location& loc);

}  // namespace sg::report
