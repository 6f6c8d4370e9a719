#pragma once
// Turning one source line into what a terminal shows: tabs expanded, control bytes made visible, and the
// display column of every byte, so an underline lands under the right characters (wide CJK and emoji take
// two cells, combining marks none).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sg::report {

inline constexpr uint32_t kTabWidth = 4;

// One code point decoded leniently: an invalid or truncated sequence yields U+FFFD and consumes one byte,
// so rendering never stops on bad input.
struct CodePoint {
  uint32_t value = 0;
  uint32_t length = 1;  // bytes consumed
};
CodePoint decode_utf8(std::string_view bytes, size_t at);

// Terminal cells a code point takes: 0 (combining, zero-width), 1, or 2 (East Asian wide, emoji).
uint32_t cell_width(uint32_t code_point);

struct DisplayLine {
  std::string text;               // printable UTF-8: tabs as spaces, controls as U+2400 pictures
  std::vector<uint32_t> cell_at;  // cell_at[i]: display cell where byte i of the input starts; size() = input + 1
};
DisplayLine to_display_line(std::string_view line);

// Replaces C0/C1 controls (except the listed ones) and invalid UTF-8 with visible stand-ins, so a message
// or path cannot send escape sequences to the terminal.
std::string printable(std::string_view s, std::string_view keep_controls = "\n");

}  // namespace sg::report
