#include "reporters/json_dump.hpp"

namespace sg::report {
namespace {
constexpr auto kReplace = nlohmann::ordered_json::error_handler_t::replace;
}  // namespace

ArrayFrame frame_array(const nlohmann::ordered_json& doc, std::string_view key, bool empty) {
  ArrayFrame frame;
  std::string text = doc.dump(2, ' ', false, kReplace) + "\n";
  std::string marker = "\"" + std::string(key) + "\": []";
  size_t at = text.rfind(marker);
  if (empty || at == std::string::npos) {
    frame.before = std::move(text);
    return frame;
  }
  size_t line_start = text.rfind('\n', at) + 1;  // npos + 1 == 0 on the first line
  std::string indent(at - line_start, ' ');
  frame.inner = "\n" + indent + "  ";
  frame.before = text.substr(0, at + marker.size() - 1);  // up to and with the '['
  frame.after = "\n" + indent + "]" + text.substr(at + marker.size());
  return frame;
}

std::string element_text(const nlohmann::ordered_json& element, const ArrayFrame& frame) {
  std::string one = element.dump(2, ' ', false, kReplace);
  std::string out = frame.inner;
  // Dumped strings never hold a raw newline: each newline is layout, indented to the array's depth.
  std::string_view rest = one;
  for (size_t nl; (nl = rest.find('\n')) != std::string_view::npos; rest.remove_prefix(nl + 1)) {
    out.append(rest.substr(0, nl));
    out += frame.inner;
  }
  out.append(rest);
  return out;
}

std::string dump_with_array(const nlohmann::ordered_json& doc, std::string_view key, size_t count,
                            const std::function<nlohmann::ordered_json(size_t)>& element) {
  ArrayFrame frame = frame_array(doc, key, count == 0);
  if (frame.inner.empty()) return frame.before + frame.after;  // no such array, or nothing to put in it
  std::string out = std::move(frame.before);
  for (size_t i = 0; i < count; ++i) {
    if (i) out += ',';
    out += element_text(element(i), frame);
  }
  return out + frame.after;
}

}  // namespace sg::report
