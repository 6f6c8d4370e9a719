#include "reporters/json_dump.hpp"

namespace sg::report {

std::string dump_with_array(const nlohmann::ordered_json& doc, std::string_view key, size_t count,
                            const std::function<nlohmann::ordered_json(size_t)>& element) {
  constexpr auto kReplace = nlohmann::ordered_json::error_handler_t::replace;
  std::string text = doc.dump(2, ' ', false, kReplace) + "\n";
  std::string marker = "\"" + std::string(key) + "\": []";
  size_t at = text.rfind(marker);
  if (count == 0 || at == std::string::npos) return text;
  size_t line_start = text.rfind('\n', at) + 1;  // npos + 1 == 0 on the first line
  std::string indent(at - line_start, ' ');
  std::string inner = "\n" + indent + "  ";
  std::string out = text.substr(0, at + marker.size() - 1);  // up to and with the '['
  for (size_t i = 0; i < count; ++i) {
    std::string one = element(i).dump(2, ' ', false, kReplace);
    out += i == 0 ? inner : "," + inner;
    // Dumped strings never hold a raw newline: each newline is layout, indented to the array's depth.
    std::string_view rest = one;
    for (size_t nl; (nl = rest.find('\n')) != std::string_view::npos; rest.remove_prefix(nl + 1)) {
      out.append(rest.substr(0, nl));
      out += inner;
    }
    out.append(rest);
  }
  out += "\n" + indent + "]";
  out.append(text, at + marker.size(), std::string::npos);
  return out;
}

}  // namespace sg::report
