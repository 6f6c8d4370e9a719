#include "reporters/audit_report.hpp"

#include <algorithm>

#include "reporters/display_text.hpp"

namespace sg::report::audit_text {
namespace {

std::string plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string statement_excerpt(const Location& statement, size_t max_chars) {
  if (!statement.file) return {};
  std::string_view text = statement.file->slice(statement.span);
  std::string out;
  size_t chars = 0;
  bool space = false;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    // Comments say nothing about the cost; Prisma's `-- AlterTable` headers would only take room.
    if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      size_t nl = text.find('\n', i);
      i = nl == std::string_view::npos ? text.size() : nl;
      space = true;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
      space = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
      ++i;
      continue;
    }
    if (space && !out.empty()) {
      out += ' ';
      ++chars;
    }
    space = false;
    // Quoted text keeps its bytes (a comment marker inside a string is not a comment).
    if (c == '\'' || c == '"') {
      size_t end = i + 1;
      while (end < text.size() && text[end] != c) ++end;
      end = std::min(end + 1, text.size());
      for (size_t j = i; j < end; ++j) {
        if ((static_cast<unsigned char>(text[j]) & 0xC0) != 0x80) ++chars;
        out += text[j] == '\n' ? ' ' : text[j];
      }
      i = end;
    } else {
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;
      out += c;
      ++i;
    }
    if (chars > max_chars) break;
  }
  if (chars > max_chars) {
    // Cut on a code point boundary.
    size_t cut = 0, seen = 0;
    for (; cut < out.size(); ++cut) {
      if ((static_cast<unsigned char>(out[cut]) & 0xC0) != 0x80 && seen++ == max_chars) break;
    }
    out.resize(cut);
    out += "\xE2\x80\xA6";  // …
  }
  return printable(out, "");
}

std::string lock_text(const audit::Lock& lock) {
  if (lock.mode == effects::LockMode::None) return {};
  std::string out = std::string(effects::to_string(lock.mode)) + " on " + lock.table;
  if (lock.rewrite) out += " (table rewrite)";
  else if (lock.scan) out += " (full table scan)";
  return out;
}

const char* severity_text(const std::optional<Severity>& s) { return s ? to_string(*s) : "none"; }

std::string overview_sentence(const audit::Audit& a) {
  std::string out = plural(a.migrations.size(), "migration", "migrations");
  std::optional<std::string> first, last;
  for (const auto& m : a.migrations) {
    if (!m.date) continue;
    if (!first) first = m.date;
    last = m.date;
  }
  if (first) out += *first == *last ? " on " + first->substr(0, 10) : " from " + first->substr(0, 10) + " to " + last->substr(0, 10);
  out += ", " + plural(a.statement_count, "statement", "statements");
  out += ", " + plural(a.counts.total(), "finding", "findings");
  if (a.counts.total())
    out += " (" + plural(a.counts.errors, "error", "errors") + ", " + plural(a.counts.warnings, "warning", "warnings") +
           ", " + std::to_string(a.counts.infos) + " info)";
  return out + ".";
}

std::string where(const Location& l) {
  std::string out = l.path;
  if (l.file) out += ":" + std::to_string(l.range.start.line);
  return out;
}

std::string table_status(const audit::TableActivity& t) {
  if (!t.exists_at_end) return "dropped";
  if (t.former_names.empty()) return {};
  std::string out = "was ";
  for (size_t i = t.former_names.size(); i-- > 0;) {
    out += effects::display_name(t.former_names[i].first, t.former_names[i].second);
    if (i) out += ", ";
  }
  return out;
}

}  // namespace sg::report::audit_text
