#include "reporters/json_text.hpp"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "analyzer/source.hpp"
#include "analyzer/swar.hpp"

namespace sg::report {

void JsonText::new_line() {
  out_ += newline_;
  out_.append(2 * counts_.size(), ' ');
}

void JsonText::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (counts_.empty()) return;
  if (counts_.back()++) out_ += ',';
  new_line();
}

void JsonText::key(std::string_view k) {
  if (counts_.back()++) out_ += ',';
  new_line();
  out_ += '"';
  out_.append(k);  // keys are the report's own names: nothing to escape
  out_ += "\": ";
  after_key_ = true;
}

void JsonText::open(char bracket) {
  before_value();
  out_ += bracket;
  counts_.push_back(0);
}

void JsonText::close(char bracket) {
  const bool empty = counts_.back() == 0;
  counts_.pop_back();
  if (!empty) new_line();
  out_ += bracket;
}

void JsonText::value(std::string_view literal) {
  before_value();
  out_ += literal;
}

namespace {

bool must_escape(unsigned char u) { return u < 0x20 || u == '"' || u == '\\'; }

// The first byte at or after `from` that JSON must escape (a control character, '"' or '\\'), or s.size().
size_t next_escape(std::string_view s, size_t from) {
  size_t i = from;
  for (; i + 8 <= s.size(); i += 8) {
    const uint64_t x = swar::load(s.data() + i);
    const uint64_t marks = swar::bytes_below(x, 0x20) | swar::bytes_equal(x, '"') | swar::bytes_equal(x, '\\');
    if (marks) return i + swar::first_marked(marks);
  }
  for (; i < s.size(); ++i)
    if (must_escape(static_cast<unsigned char>(s[i]))) return i;
  return s.size();
}

}  // namespace

void JsonText::string(std::string_view s) {
  before_value();
  // Invalid UTF-8 (or a NUL) goes through nlohmann's dump, for its replacement of bad bytes, so the text stays
  // the same as a dump's. Valid text is escaped here as the dump escapes it (ASCII controls, '"' and '\\'; the
  // rest as it is), eight bytes at a time: the report's thread writes every message and help text this way.
  if (check_text(s)) {
    out_ += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out_ += '"';
  size_t run = 0;  // start of the bytes not yet written
  for (size_t i = next_escape(s, 0); i < s.size(); i = next_escape(s, run)) {
    out_.append(s.substr(run, i - run));
    run = i + 1;
    const auto u = static_cast<unsigned char>(s[i]);
    switch (u) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\t': out_ += "\\t"; break;
      case '\n': out_ += "\\n"; break;
      case '\f': out_ += "\\f"; break;
      case '\r': out_ += "\\r"; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out_ += "\\u00";
        out_ += kHex[u >> 4];
        out_ += kHex[u & 15];
      }
    }
  }
  out_.append(s.substr(run));
  out_ += '"';
}

void JsonText::number(uint64_t n) {
  before_value();
  out_ += std::to_string(n);
}

}  // namespace sg::report
