#pragma once
// JSON text written straight from values, laid out exactly as nlohmann::json::dump(2) lays it out (with invalid
// UTF-8 replaced), for the one element a report writes tens of thousands of times: building a json value per
// finding and re-indenting its dump cost more than finding it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sg::report {

class JsonText {
 public:
  // `newline` starts every line after the first: a newline and the indentation the value sits at.
  explicit JsonText(std::string_view newline) : newline_(newline) {}

  void open_object() { open('{'); }
  void close_object() { close('}'); }
  void open_array() { open('['); }
  void close_array() { close(']'); }
  // The key of the next member of the innermost object.
  void key(std::string_view k);
  void string(std::string_view s);
  void number(uint64_t n);
  void boolean(bool b) { value(b ? "true" : "false"); }
  void null() { value("null"); }
  // A member of the innermost object: its key, then its value.
  void field(std::string_view k, std::string_view v) {
    key(k);
    string(v);
  }
  void field(std::string_view k, uint64_t v) {
    key(k);
    number(v);
  }
  // Not a third `field`: a string literal would convert to bool before string_view.
  void flag(std::string_view k, bool v) {
    key(k);
    boolean(v);
  }
  // A string member that is null when empty (the report's convention for "not known").
  void field_or_null(std::string_view k, std::string_view v) {
    key(k);
    if (v.empty()) null();
    else string(v);
  }

  std::string& text() { return out_; }

 private:
  void open(char bracket);
  void close(char bracket);
  void value(std::string_view literal);
  void before_value();  // a comma and a new line inside an array
  void new_line();

  std::string newline_;
  std::string out_;
  std::vector<uint32_t> counts_;  // members or elements so far, per open container
  bool after_key_ = false;
};

}  // namespace sg::report
