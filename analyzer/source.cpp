#include "analyzer/source.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "analyzer/swar.hpp"

namespace sg {

SourceFile::SourceFile(std::string display_path, std::string bytes)
    : path_(std::move(display_path)), bytes_(std::move(bytes)) {
  line_starts_.push_back(0);
  const char* const begin = bytes_.data();
  const char* const end = begin + bytes_.size();
  for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p))));)
    line_starts_.push_back(static_cast<uint32_t>(++p - begin));
}

std::string_view SourceFile::slice(Span s) const {
  uint32_t b = std::min<uint32_t>(s.begin, static_cast<uint32_t>(bytes_.size()));
  uint32_t e = std::clamp<uint32_t>(s.end, b, static_cast<uint32_t>(bytes_.size()));
  return std::string_view(bytes_).substr(b, e - b);
}

Position SourceFile::position(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(bytes_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line_index = static_cast<uint32_t>(it - line_starts_.begin()) - 1;
  uint32_t col = 1;
  for (uint32_t i = line_starts_[line_index]; i < offset; ++i)
    if ((static_cast<unsigned char>(bytes_[i]) & 0xC0) != 0x80) ++col;  // count lead bytes only
  return {line_index + 1, col};
}

Range SourceFile::range(Span s) const { return {position(s.begin), position(std::max(s.begin, s.end))}; }

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t b = line_starts_[line - 1];
  uint32_t e = line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<uint32_t>(bytes_.size());
  std::string_view v = std::string_view(bytes_).substr(b, e - b);
  if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
  return v;
}

std::optional<Utf8Problem> check_text(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    // Eight bytes of ASCII with no NUL at a time: most of a migration is.
    for (; i + 8 <= n; i += 8) {
      const uint64_t x = swar::load(s.data() + i);
      if (swar::bytes_past_ascii(x) | swar::bytes_below(x, 1)) break;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (c == 0) return Utf8Problem{static_cast<uint32_t>(i), "NUL byte"};
    if (c < 0x80) { ++i; continue; }
    size_t len; uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return Utf8Problem{static_cast<uint32_t>(i), "invalid UTF-8 sequence"};
    if (i + len > n) return Utf8Problem{static_cast<uint32_t>(i), "truncated UTF-8 sequence"};
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return Utf8Problem{static_cast<uint32_t>(i), "invalid UTF-8 sequence"};
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return Utf8Problem{static_cast<uint32_t>(i), "invalid UTF-8 sequence (overlong or surrogate)"};
    i += len;
  }
  return std::nullopt;
}

}  // namespace sg
