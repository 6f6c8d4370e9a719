#include "rules/suppressions.hpp"

#include <algorithm>

namespace sg::rules {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

}  // namespace

constexpr std::string_view kFile = "schemagate-ignore-file", kNext = "schemagate-ignore";

bool is_suppression(const sql::SqlComment& c) { return trim(c.text).starts_with(kNext); }

std::vector<Suppression> collect_suppressions(const Migration& m, std::span<const sql::SqlComment> comments,
                                              const FileFacts& facts) {
  std::vector<Suppression> out;
  for (const auto& c : comments) {
    std::string_view text = trim(c.text);
    Suppression s;
    if (text.rfind(kFile, 0) == 0) { s.whole_file = true; text.remove_prefix(kFile.size()); }
    else if (text.rfind(kNext, 0) == 0) text.remove_prefix(kNext.size());
    else continue;
    if (!text.empty() && text.front() != ' ' && text.front() != '\t' && text.front() != ':') continue;
    text = text.substr(0, text.find(':'));  // the reason follows the colon
    size_t pos = 0;
    while (pos <= text.size()) {
      size_t comma = text.find(',', pos);
      std::string_view id = trim(text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
      if (!id.empty()) s.rules.emplace_back(id);
      if (comma == std::string_view::npos) break;
      pos = comma + 1;
    }
    if (s.rules.empty()) s.rules.push_back("all");
    s.comment = c.span;
    if (s.whole_file) {
      s.target = {0, static_cast<uint32_t>(m.file->size())};
    } else {
      s.target = {c.span.end, c.span.end};
      if (std::optional<uint32_t> next = facts.first_statement_from(c.span.end)) s.target = facts.span(*next);
    }
    out.push_back(std::move(s));
  }
  return out;
}

void apply_suppressions(const Migration& m, std::vector<Suppression>& sups, std::vector<Finding>& findings) {
  if (sups.empty() || !m.file) return;
  std::erase_if(findings, [&](const Finding& f) {
    if (f.location.file != m.file) return false;
    bool suppressed = false;
    for (auto& s : sups) {
      bool inside = f.location.span.begin >= s.target.begin && f.location.span.begin < std::max(s.target.end, s.target.begin + 1);
      bool matches = std::find(s.rules.begin(), s.rules.end(), f.rule) != s.rules.end() ||
                     std::find(s.rules.begin(), s.rules.end(), "all") != s.rules.end();
      if (inside && matches) { s.used = true; suppressed = true; }
    }
    return suppressed;
  });
  for (const auto& s : sups) {
    if (s.used) continue;
    Finding f;
    f.rule = "unused-ignore";
    f.severity = Severity::Warning;
    f.location = make_location(m.file, s.comment);
    f.migration = m.name;
    std::string list;
    for (const auto& r : s.rules) list += (list.empty() ? "" : ", ") + r;
    f.message = "this schemagate-ignore comment (" + list + ") matches no finding";
    f.help = "Remove the comment, or fix the rule id it names (`schemagate rules` lists them).";
    finalize_fingerprint(f);
    findings.push_back(std::move(f));
  }
}

}  // namespace sg::rules
