#include "analyzer/integrity/sum_file.hpp"

#include "analyzer/hash.hpp"

namespace sg::integrity {

namespace {
std::string entry_line(const SumEntry& e) { return e.name + " " + e.checksum + "\n"; }
}  // namespace

std::vector<SumEntry> sum_entries(const MigrationHistory& history) {
  std::vector<SumEntry> out;
  out.reserve(history.migrations.size());
  for (const Migration& m : history.migrations) out.push_back({m.name, m.checksum.empty() ? "-" : m.checksum});
  return out;
}

std::string sum_header_hash(const std::vector<SumEntry>& entries) {
  std::string body;
  for (const SumEntry& e : entries) body += entry_line(e);
  return sha256_hex(body);
}

std::string render_sum_file(const std::vector<SumEntry>& entries) {
  std::string out = std::string(kSumHeaderPrefix) + sum_header_hash(entries) + "\n";
  for (const SumEntry& e : entries) out += entry_line(e);
  return out;
}

ParsedSumFile parse_sum_file(std::string_view text) {
  ParsedSumFile out;
  uint32_t line_no = 0;
  size_t pos = 0;
  bool header_seen = false;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // a checkout with CRLF line endings
    if (!header_seen) {
      header_seen = true;
      if (line.substr(0, kSumHeaderPrefix.size()) == kSumHeaderPrefix) {
        out.stored_header = std::string(line.substr(kSumHeaderPrefix.size()));
        continue;
      }
      out.problems.emplace_back(line_no, "the first line is not the `h1:<hash>` header");
    }
    if (line.empty()) continue;
    size_t space = line.rfind(' ');
    if (space == std::string_view::npos || space == 0 || space + 1 == line.size()) {
      out.problems.emplace_back(line_no, "expected `<migration name> <checksum>`");
      continue;
    }
    out.entries.push_back({std::string(line.substr(0, space)), std::string(line.substr(space + 1))});
  }
  if (!header_seen) out.problems.emplace_back(1, "the file is empty");
  out.header_matches = !out.stored_header.empty() && out.stored_header == sum_header_hash(out.entries);
  return out;
}

}  // namespace sg::integrity
