#include "reporters/json_text.hpp"

#include <nlohmann/json.hpp>

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

void JsonText::string(std::string_view s) {
  before_value();
  // Printable ASCII other than '"' and '\' is written as it is; anything else goes through nlohmann's escaping
  // and its replacement of invalid UTF-8, so the text stays the same as a dump's.
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (u < 0x20 || u >= 0x7f || ch == '"' || ch == '\\') {
      out_ += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    }
  }
  out_ += '"';
  out_.append(s);
  out_ += '"';
}

void JsonText::number(uint64_t n) {
  before_value();
  out_ += std::to_string(n);
}

}  // namespace sg::report
