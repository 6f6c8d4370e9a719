#include "reporters/display_text.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace sg::report {
namespace {

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_control(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp < 0xA0); }

// The picture a terminal can show for a control character (U+2400 block for C0 and DEL, U+FFFD otherwise).
uint32_t control_picture(uint32_t cp) {
  if (cp < 0x20) return 0x2400 + cp;
  if (cp == 0x7F) return 0x2421;
  return 0xFFFD;
}

using Interval = std::pair<uint32_t, uint32_t>;

// A compact subset of Unicode's East Asian Width (W, F) and emoji presentation ranges; good enough to
// align carets under the scripts that appear in SQL comments and string literals.
constexpr std::array<Interval, 17> kWide = {{
    {0x1100, 0x115F}, {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE30, 0xFE4F}, {0xFF00, 0xFF60},
    {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
}};
// Combining marks, variation selectors and zero-width format characters.
constexpr std::array<Interval, 9> kZero = {{
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
}};

template <size_t N>
bool in(const std::array<Interval, N>& table, uint32_t cp) {
  return std::any_of(table.begin(), table.end(), [cp](const Interval& i) { return cp >= i.first && cp <= i.second; });
}

}  // namespace

CodePoint decode_utf8(std::string_view s, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c = byte(at);
  if (c < 0x80) return {c, 1};
  uint32_t len, cp;
  if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
  else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
  else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
  else return {0xFFFD, 1};
  if (at + len > s.size()) return {0xFFFD, 1};
  for (uint32_t k = 1; k < len; ++k) {
    if ((byte(at + k) & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (byte(at + k) & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0xFFFD, 1};
  return {cp, len};
}

uint32_t cell_width(uint32_t cp) {
  if (in(kZero, cp)) return 0;
  if (in(kWide, cp)) return 2;
  return 1;
}

DisplayLine to_display_line(std::string_view line) {
  DisplayLine out;
  out.cell_at.assign(line.size() + 1, 0);
  uint32_t cell = 0;
  size_t i = 0;
  while (i < line.size()) {
    CodePoint cp = decode_utf8(line, i);
    for (uint32_t k = 0; k < cp.length; ++k) out.cell_at[i + k] = cell;
    if (cp.value == '\t') {
      uint32_t next = (cell / kTabWidth + 1) * kTabWidth;
      out.text.append(next - cell, ' ');
      cell = next;
    } else if (is_control(cp.value)) {
      append_utf8(out.text, control_picture(cp.value));
      cell += 1;
    } else if (cp.value == 0xFFFD && cp.length == 1) {
      append_utf8(out.text, 0xFFFD);
      cell += 1;
    } else {
      out.text.append(line.substr(i, cp.length));
      cell += cell_width(cp.value);
    }
    i += cp.length;
  }
  out.cell_at[line.size()] = cell;
  return out;
}

std::string printable(std::string_view s, std::string_view keep_controls) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    CodePoint cp = decode_utf8(s, i);
    bool kept = cp.value < 0x80 && keep_controls.find(static_cast<char>(cp.value)) != std::string_view::npos;
    if (is_control(cp.value) && !kept) append_utf8(out, control_picture(cp.value));
    else if (cp.value == 0xFFFD && cp.length == 1) append_utf8(out, 0xFFFD);
    else out.append(s.substr(i, cp.length));
    i += cp.length;
  }
  return out;
}

}  // namespace sg::report
