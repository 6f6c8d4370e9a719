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

// `doc` holds `"key": []` (the last one in its text is filled) and `element(i)` gives its i-th element.
std::string dump_with_array(const nlohmann::ordered_json& doc, std::string_view key, size_t count,
                            const std::function<nlohmann::ordered_json(size_t)>& element);

}  // namespace sg::report
