#pragma once
// The FormatWriter of each streamable format, and the one way a whole report is put together from one.
#include <memory>
#include <string>

#include "reporters/report.hpp"

namespace sg::report {

std::unique_ptr<FormatWriter> text_writer(const Report& r, const TextOptions& o);
std::unique_ptr<FormatWriter> json_writer(const Report& r);
std::unique_ptr<FormatWriter> sarif_writer(const Report& r);
std::unique_ptr<FormatWriter> github_writer(const Report& r);

// before + piece(f1) + separator + piece(f2) ... + after, over r.findings.
std::string render_with(FormatWriter& w, const Report& r);

}  // namespace sg::report
