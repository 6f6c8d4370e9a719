#include "analyzer/prisma/preprocess.hpp"

namespace sg::prisma {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-' || u >= 0x80;
}

// Length of the number literal starting at `i` (0 when there is none).
size_t number_length(std::string_view s, size_t i) {
  size_t j = i;
  if (j < s.size() && s[j] == '-') ++j;
  size_t digits = j;
  while (j < s.size() && is_digit(s[j])) ++j;
  if (j == digits) return 0;
  if (j + 1 < s.size() && s[j] == '.' && is_digit(s[j + 1])) {
    ++j;
    while (j < s.size() && is_digit(s[j])) ++j;
  }
  if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
    size_t k = j + 1;
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
    if (k < s.size() && is_digit(s[k])) {
      while (k < s.size() && is_digit(s[k])) ++k;
      j = k;
    }
  }
  // `1abc` is not a number followed by a word; leave it to the grammar to reject.
  if (j < s.size() && is_word_byte(s[j])) return 0;
  return j - i;
}

class Scanner {
 public:
  explicit Scanner(std::string_view src) : src_(src) { out_.text.assign(src.data(), src.size()); }

  Preprocessed run() {
    while (i_ < src_.size()) step();
    return std::move(out_);
  }

 private:
  void blank(size_t b, size_t e) {
    for (size_t k = b; k < e; ++k)
      if (out_.text[k] != '\n' && out_.text[k] != '\r') out_.text[k] = ' ';
  }
  size_t line_end(size_t from) const {
    size_t e = src_.find('\n', from);
    return e == std::string_view::npos ? src_.size() : e;
  }

  // A double-quoted string: ends at the closing quote or, unterminated, at the end of the line.
  size_t skip_string(size_t b) {
    size_t j = b + 1;
    while (j < src_.size() && src_[j] != '"' && src_[j] != '\n') j += (src_[j] == '\\' && j + 1 < src_.size()) ? 2 : 1;
    if (j < src_.size() && src_[j] == '"') return j + 1;
    out_.unterminated.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(j)});
    return j;
  }

  void line_comment() {
    size_t e = line_end(i_);
    size_t content_end = (e > i_ && src_[e - 1] == '\r') ? e - 1 : e;
    if (src_.substr(i_, 3) == "///" && src_.substr(i_, 4) != "////") {
      std::string t(src_.substr(i_ + 3, content_end - i_ - 3));
      if (!t.empty() && t.front() == ' ') t.erase(0, 1);
      out_.docs.push_back({{static_cast<uint32_t>(i_), static_cast<uint32_t>(content_end)}, std::move(t)});
    }
    blank(i_, e);
    i_ = e;
  }

  void block_comment() {
    size_t e = src_.find("*/", i_ + 2);
    if (e == std::string_view::npos) {
      out_.unterminated.push_back({static_cast<uint32_t>(i_), static_cast<uint32_t>(src_.size())});
      e = src_.size();
    } else {
      e += 2;
    }
    blank(i_, e);
    i_ = e;
  }

  // `@@name(...)` inside an enum: up to the parenthesis that closes the argument list.
  void enum_attribute() {
    size_t b = i_, j = i_ + 2;
    while (j < src_.size() && (is_word_byte(src_[j]) || src_[j] == '.')) ++j;
    size_t k = j;
    while (k < src_.size() && (src_[k] == ' ' || src_[k] == '\t')) ++k;
    if (k < src_.size() && src_[k] == '(') {
      int depth = 0;
      while (k < src_.size()) {
        char c = src_[k];
        if (c == '"') { k = skip_string(k); continue; }
        if (c == '\n' && depth == 0) break;
        if (c == '(') ++depth;
        if (c == ')' && --depth == 0) { ++k; break; }
        // An unbalanced argument list stops at the end of the block rather than eating the file.
        if (c == '}' || c == '{') break;
        ++k;
      }
      j = k;
    }
    out_.enum_attributes.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(j)});
    blank(b, j);
    i_ = j;
  }

  void step() {
    char c = src_[i_];
    if (c == '\0') {
      out_.nul_bytes.push_back(static_cast<uint32_t>(i_));
      out_.text[i_] = ' ';
      ++i_;
      return;
    }
    if (c == '"') { i_ = skip_string(i_); return; }
    if (c == '/' && i_ + 1 < src_.size() && src_[i_ + 1] == '/') { line_comment(); return; }
    if (c == '/' && i_ + 1 < src_.size() && src_[i_ + 1] == '*') { block_comment(); return; }
    if (c == '{') {
      if (depth_ == 0) in_enum_ = pending_enum_;
      pending_enum_ = false;
      ++depth_;
      ++i_;
      return;
    }
    if (c == '}') {
      if (depth_ > 0 && --depth_ == 0) in_enum_ = false;
      ++i_;
      return;
    }
    if (c == '@' && in_enum_ && depth_ == 1 && i_ + 1 < src_.size() && src_[i_ + 1] == '@') {
      enum_attribute();
      return;
    }
    bool at_token_start = i_ == 0 || !is_word_byte(src_[i_ - 1]);
    if (at_token_start && (is_digit(c) || c == '-')) {
      size_t n = number_length(src_, i_);
      if (n > 0) {
        std::string_view lit = src_.substr(i_, n);
        if (lit.find_first_not_of("0123456789") != std::string_view::npos)
          for (size_t k = i_; k < i_ + n; ++k) out_.text[k] = '_';
        i_ += n;
        return;
      }
    }
    if (at_token_start && is_word_byte(c)) {
      size_t j = i_;
      while (j < src_.size() && is_word_byte(src_[j])) ++j;
      if (depth_ == 0) {
        if (src_.substr(i_, j - i_) == "enum") {
          pending_enum_ = true;
          enum_words_ = 0;
        } else if (pending_enum_ && enum_words_++ > 0) {
          pending_enum_ = false;  // only the enum's own name may stand between `enum` and `{`
        }
      }
      i_ = j;
      return;
    }
    ++i_;
  }

  std::string_view src_;
  Preprocessed out_;
  size_t i_ = 0;
  int depth_ = 0;
  bool pending_enum_ = false;
  int enum_words_ = 0;
  bool in_enum_ = false;
};

}  // namespace

Preprocessed preprocess(std::string_view source) { return Scanner(source).run(); }

bool is_number_literal(std::string_view text) {
  return !text.empty() && number_length(text, 0) == text.size();
}

}  // namespace sg::prisma
