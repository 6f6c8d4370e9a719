#include "reporters/markdown_text.hpp"

#include <algorithm>

#include "reporters/display_text.hpp"

namespace sg::report::md {
namespace {

size_t longest_backtick_run(std::string_view text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

}  // namespace

std::string escape_inline(std::string_view s) {
  static constexpr std::string_view kSpecial = "\\`*_[]<>#!|~&";
  std::string text = printable(s, "\n");
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n' || c == '\r') { out += ' '; continue; }
    if (c == '`') {
      size_t close = text.find('`', i + 1);
      size_t nl = text.find('\n', i + 1);
      if (close != std::string::npos && close > i + 1 && (nl == std::string::npos || close < nl)) {
        out.append(text, i, close - i + 1);
        i = close;
        continue;
      }
    }
    if (kSpecial.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string code_span(std::string_view s) {
  std::string text = printable(s, "");
  std::string fence(longest_backtick_run(text) + 1, '`');
  bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

std::string cell_code(std::string_view s) {
  std::string span = code_span(s);
  std::string out;
  for (char c : span) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string code_block(std::string_view text, std::string_view lang) {
  std::string body = printable(text, "\n\t");
  std::string fence(std::max<size_t>(3, longest_backtick_run(body) + 1), '`');
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fence + std::string(lang) + "\n" + body + fence + "\n";
}

}  // namespace sg::report::md
