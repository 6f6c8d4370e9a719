#pragma once
// A source file held as raw bytes, with a line index that turns byte offsets into 1-based
// line/column positions (columns counted in Unicode code points, as editors and SARIF expect).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg {

// Half-open byte range [begin, end) inside one SourceFile.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const Span&) const = default;
};

struct Position {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in code points
  bool operator==(const Position&) const = default;
};

struct Range {
  Position start;
  Position end;
};

class SourceFile {
 public:
  SourceFile() = default;
  // `display_path` is what reports print (relative to the working directory where possible).
  SourceFile(std::string display_path, std::string bytes);

  const std::string& path() const { return path_; }
  const std::string& text() const { return bytes_; }
  std::string_view slice(Span s) const;
  size_t size() const { return bytes_.size(); }

  Position position(uint32_t offset) const;
  Range range(Span s) const;
  // The whole line (without its newline) that holds `offset`.
  std::string_view line_text(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  std::string path_;
  std::string bytes_;
  std::vector<uint32_t> line_starts_;
};

using SourcePtr = std::shared_ptr<const SourceFile>;

// Byte-level checks on raw input, done before any parser sees it.
struct Utf8Problem {
  uint32_t offset = 0;
  std::string what;  // "invalid UTF-8 sequence", "NUL byte"
};
// Returns the first problem, if any.
std::optional<Utf8Problem> check_text(std::string_view bytes);

}  // namespace sg
