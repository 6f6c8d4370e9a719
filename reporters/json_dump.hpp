#pragma once
// Writing a large JSON report without a document of all its findings in memory: the document is dumped with
// an empty array, and the array's elements are dumped one at a time into its place. The text is the same as
// dumping the whole document at once (indent 2, invalid UTF-8 replaced).
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sg::report {

// A document's text split around the elements of its array `key` (the last `"key": []` in the text). The
// whole text is `before + element_text(e1) + "," + element_text(e2) ... + after`; with no elements it is
// `before + after`.
struct ArrayFrame {
  std::string before;
  std::string after;
  std::string inner;  // the newline and indentation before each element
};
ArrayFrame frame_array(const nlohmann::ordered_json& doc, std::string_view key, bool empty);
// One element of the frame's array, from the newline that precedes it.
std::string element_text(const nlohmann::ordered_json& element, const ArrayFrame& frame);

// `doc` holds `"key": []` (the last one in its text is filled) and `element(i)` gives its i-th element.
std::string dump_with_array(const nlohmann::ordered_json& doc, std::string_view key, size_t count,
                            const std::function<nlohmann::ordered_json(size_t)>& element);

}  // namespace sg::report
