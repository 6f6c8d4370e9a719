#include "reporters/source_excerpt.hpp"

#include <algorithm>

#include "reporters/display_text.hpp"

namespace sg::report {

uint32_t effective_end_line(const Location& loc) {
  const Range& r = loc.range;
  if (r.end.line > r.start.line && r.end.column == 1) return r.end.line - 1;
  return std::max(r.end.line, r.start.line);
}

std::optional<Excerpt> excerpt_of(const Location& loc) {
  if (!loc.file) return std::nullopt;
  const SourceFile& file = *loc.file;
  // Recompute from the span: the range could be stale if a caller filled the location by hand.
  Position start = file.position(loc.span.begin);
  Position end = file.position(std::max(loc.span.begin, loc.span.end));
  std::string_view line = file.line_text(start.line);
  uint32_t line_begin = line.data() ? static_cast<uint32_t>(line.data() - file.text().data()) : 0;
  uint32_t len = static_cast<uint32_t>(line.size());

  uint32_t from = std::min(loc.span.begin - std::min(loc.span.begin, line_begin), len);
  uint32_t to = end.line == start.line ? std::min(std::max(loc.span.end, loc.span.begin) - line_begin, len) : len;

  DisplayLine shown = to_display_line(line);
  Excerpt e;
  e.line = start.line;
  e.text = std::move(shown.text);
  e.mark_start = shown.cell_at[from];
  e.mark_width = std::max<uint32_t>(1, shown.cell_at[to] - shown.cell_at[from]);
  Location recomputed = loc;
  recomputed.range = {start, end};
  e.last_line = effective_end_line(recomputed);
  return e;
}

}  // namespace sg::report
