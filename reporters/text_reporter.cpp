// The human format, modelled on ruff and rustc: a grep-able header line, the source line with the span
// underlined, then `= lock:` / `= note:` / `= help:` lines, and one closing sentence.
#include <string>

#include "reporters/display_text.hpp"
#include "reporters/format_writers.hpp"
#include "reporters/report.hpp"
#include "reporters/report_facts.hpp"
#include "reporters/source_excerpt.hpp"

namespace sg::report {
namespace {

// ANSI styling that collapses to plain text when colour is off.
class Palette {
 public:
  explicit Palette(bool on) : on_(on) {}
  std::string paint(std::string_view text, std::string_view sgr) const {
    if (!on_ || text.empty()) return std::string(text);
    return "\x1b[" + std::string(sgr) + "m" + std::string(text) + "\x1b[0m";
  }
  std::string bold(std::string_view t) const { return paint(t, "1"); }
  std::string gutter(std::string_view t) const { return paint(t, "1;34"); }
  std::string severity(std::string_view t, Severity s) const {
    switch (s) {
      case Severity::Error: return paint(t, "1;31");
      case Severity::Warning: return paint(t, "1;33");
      case Severity::Info: return paint(t, "1;36");
    }
    return std::string(t);
  }

 private:
  bool on_;
};

std::string lock_text(const LockInfo& lock) {
  std::string out = lock.mode + " on " + lock.table;
  if (lock.rewrite && lock.scan) out += " (table rewrite, full scan)";
  else if (lock.rewrite) out += " (table rewrite)";
  else if (lock.scan) out += " (full table scan)";
  return printable(out, "");
}

std::string where_of(const Location& l) {
  std::string out = printable(l.path, "");
  if (l.file) out += ":" + std::to_string(l.range.start.line) + ":" + std::to_string(l.range.start.column);
  return out;
}

std::string header(const Finding& f, const Palette& p) {
  std::string where = where_of(f.location);
  std::string out = where.empty() ? "" : p.bold(where) + ": ";
  out += p.severity(std::string(to_string(f.severity)) + "[" + printable(f.rule, "") + "]", f.severity);
  return out + " " + printable(f.message, "\n");
}

class FindingPrinter {
 public:
  FindingPrinter(const Finding& f, const TextOptions& o) : f_(f), p_(o.color) {
    if (o.show_source) excerpt_ = excerpt_of(f.location);
    indent_ = std::string(excerpt_ ? std::to_string(excerpt_->line).size() + 1 : 2, ' ');
  }

  std::string render() const {
    std::string out = header(f_, p_) + "\n";
    if (excerpt_) out += source_block();
    for (const LockInfo& lock : f_.locks) out += note("lock", lock_text(lock));
    for (const RelatedLocation& r : f_.related) out += note("note", where_of(r.location) + ": " + printable(r.message, "\n"));
    if (!f_.help.empty()) out += note("help", printable(f_.help, "\n"));
    return out;
  }

 private:
  std::string source_block() const {
    const Excerpt& e = *excerpt_;
    std::string bar = p_.gutter(indent_ + "|");
    std::string out = bar + "\n";
    out += p_.gutter(std::to_string(e.line) + " |") + (e.text.empty() ? "" : " " + e.text) + "\n";
    std::string marks = p_.severity(std::string(e.mark_width, '^'), f_.severity);
    if (e.last_line > e.line) marks += " (continues to line " + std::to_string(e.last_line) + ")";
    out += bar + " " + std::string(e.mark_start, ' ') + marks + "\n";
    return out + bar + "\n";
  }

  // "  = label: text", continuation lines aligned under the text.
  std::string note(std::string_view label, std::string_view text) const {
    std::string lead = indent_ + "= " + std::string(label) + ": ";
    std::string out = p_.bold(lead.substr(0, lead.size() - 1)) + " ";
    std::string pad(lead.size(), ' ');
    size_t at = 0;
    while (true) {
      size_t nl = text.find('\n', at);
      out += std::string(text.substr(at, nl == std::string_view::npos ? nl : nl - at)) + "\n";
      if (nl == std::string_view::npos) break;
      at = nl + 1;
      out += pad;
    }
    return out;
  }

  const Finding& f_;
  Palette p_;
  std::optional<Excerpt> excerpt_;
  std::string indent_;
};

class TextWriter : public FormatWriter {
 public:
  explicit TextWriter(const TextOptions& o) : options_(o) {}
  std::string piece(const Finding& f) override { return FindingPrinter(f, options_).render() + "\n"; }
  std::pair<std::string, std::string> frame(const Report& r, size_t) override {
    return {"", Palette(options_.color).bold(summary_sentence(r)) + "\n"};
  }

 private:
  TextOptions options_;
};

}  // namespace

std::unique_ptr<FormatWriter> text_writer(const Report&, const TextOptions& o) { return std::make_unique<TextWriter>(o); }

std::string render_text(const Report& r, const TextOptions& o) { return render_with(*text_writer(r, o), r); }

}  // namespace sg::report
