#include "reporters/format_writers.hpp"

namespace sg::report {

std::string render_with(FormatWriter& w, const Report& r) {
  auto [before, after] = w.frame(r, r.findings.size());
  std::string out = std::move(before);
  for (size_t i = 0; i < r.findings.size(); ++i) {
    if (i) out += w.separator();
    out += w.piece(r.findings[i]);
  }
  return out + after;
}

std::unique_ptr<FormatWriter> format_writer(std::string_view format, const Report& r, const TextOptions& o) {
  if (format == "text") return text_writer(r, o);
  if (format == "json") return json_writer(r);
  if (format == "sarif") return sarif_writer(r);
  if (format == "github") return github_writer(r);
  return nullptr;
}

}  // namespace sg::report
