#pragma once
// A hash for unordered containers keyed by std::string that are looked up by std::string_view, so a lookup
// builds no string (use with std::equal_to<>).
#include <functional>
#include <string_view>

namespace sg {

struct StringViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace sg
