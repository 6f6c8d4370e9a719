#include "analyzer/integrity/verify.hpp"

#include <algorithm>
#include <map>
#include <system_error>

#include "analyzer/history/read_file.hpp"
#include "analyzer/integrity/checksum.hpp"
#include "analyzer/integrity/git_history.hpp"
#include "analyzer/integrity/history_checks.hpp"

namespace sg::integrity {
namespace fs = std::filesystem;

namespace {

std::string display_of(const fs::path& p) {
  std::error_code ec;
  fs::path rel = fs::proximate(p, fs::current_path(ec), ec);
  return ec || rel.empty() ? p.generic_string() : rel.generic_string();
}

Location first_line_of(const Migration& m) {
  if (!m.file) return make_location(migration_display_path(m));
  std::string_view text = m.file->text();
  size_t nl = text.find('\n');
  uint32_t end = static_cast<uint32_t>(nl == std::string_view::npos ? text.size() : nl);
  return make_location(m.file, {0, end});
}

bool still_matches(const SumEntry& recorded, const Migration& m) {
  if (m.file) return checksum_matches(recorded.checksum, m.file->text());
  return recorded.checksum == (m.checksum.empty() ? "-" : m.checksum);
}

// Spans of the entry lines of a sum file, in entry order (parse_sum_file skips the header and blank lines).
std::vector<Location> sum_line_locations(const SourcePtr& src, size_t count) {
  std::vector<Location> out;
  std::string_view text = src->text();
  size_t pos = 0;
  bool header = true;
  while (pos < text.size() && out.size() < count) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    bool blank = end == pos || (end == pos + 1 && text[pos] == '\r');
    if (header) header = false;
    else if (!blank) out.push_back(make_location(src, {static_cast<uint32_t>(pos), static_cast<uint32_t>(end)}));
    pos = end + 1;
  }
  while (out.size() < count) out.push_back(make_location(src->path()));
  return out;
}

}  // namespace

std::vector<Finding> compare_with_recorded(const MigrationHistory& current, const RecordedHistory& recorded) {
  std::vector<Finding> out;
  std::map<std::string, const Migration*> now;
  for (const Migration& m : current.migrations) now.emplace(m.name, &m);
  std::map<std::string, size_t> before;
  std::string last_recorded;
  for (size_t i = 0; i < recorded.entries.size(); ++i) {
    const SumEntry& e = recorded.entries[i];
    before.emplace(e.name, i);
    last_recorded = std::max(last_recorded, e.name);
    Location where = i < recorded.locations.size() ? recorded.locations[i] : make_location(recorded.description);
    auto it = now.find(e.name);
    if (it == now.end()) {
      out.push_back(make_finding(
          "migration-removed", Severity::Error, where,
          "migration `" + e.name + "` is recorded in " + recorded.description +
              " but its folder is gone; databases that applied it keep its changes and report it as missing locally",
          "Restore the folder exactly as it was; to undo its changes, add a new migration that reverts them.", e.name));
      continue;
    }
    if (!still_matches(e, *it->second)) {
      Finding f = make_finding(
          "migration-edited", Severity::Error, first_line_of(*it->second),
          "migration `" + e.name + "` was changed after it was recorded in " + recorded.description +
              "; databases that already applied it will not run the new text, so environments diverge",
          "Revert the edit (`git checkout <ref> -- <folder>/migration.sql`) and put the change in a new migration.",
          e.name);
      f.related.push_back({where, "recorded checksum " + e.checksum});
      out.push_back(std::move(f));
    }
  }
  for (const Migration& m : current.migrations) {
    if (before.count(m.name)) continue;
    if (!last_recorded.empty() && m.name < last_recorded) {
      out.push_back(make_finding(
          "migration-out-of-order", Severity::Error, make_location(migration_display_path(m)),
          "new migration `" + m.name + "` sorts before `" + last_recorded + "`, which is already recorded in " +
              recorded.description + "; a database that is ahead applies it after newer migrations, out of order",
          "Recreate it with a current timestamp (rename the folder to `<now>_" +
              m.name.substr(std::min(m.name.find('_') + 1, m.name.size())) + "`) before it is applied anywhere.",
          m.name));
    } else if (recorded.from_sum_file) {
      out.push_back(make_finding(
          "sum-file-outdated", Severity::Warning, make_location(migration_display_path(m)),
          "migration `" + m.name + "` is not recorded in " + recorded.description,
          "Run `schemagate sum` and commit schemagate.sum with the new migration.", m.name));
    }
  }
  return out;
}

VerifyOutcome verify_history(const MigrationHistory& current, const std::optional<std::string>& since) {
  VerifyOutcome out;
  RecordedHistory recorded;
  if (since) {
    GitHistory git = read_history_at_revision(current.root, *since);
    if (!git.error.empty()) { out.fatal_error = git.error; return out; }
    recorded.entries = std::move(git.entries);
    recorded.description = "Git revision `" + *since + "`";
    std::string root = display_of(current.root);
    for (const SumEntry& e : recorded.entries)
      recorded.locations.push_back(make_location(root + "/" + e.name + "/migration.sql"));
  } else {
    fs::path sum_path = current.root / std::string(kSumFileName);
    std::string shown = display_of(sum_path);
    std::error_code ec;
    if (!fs::exists(sum_path, ec)) {
      out.findings.push_back(make_finding(
          "sum-file-missing", Severity::Error, make_location(shown),
          "there is no " + std::string(kSumFileName) + " to verify the history against",
          "Run `schemagate sum` once and commit the file, or verify against Git with `--since origin/main`."));
      return out;
    }
    ReadResult r = read_file_bytes(sum_path);
    if (!r.error.empty()) { out.fatal_error = "cannot read " + shown + ": " + r.error; return out; }
    auto src = std::make_shared<SourceFile>(shown, std::move(r.bytes));
    ParsedSumFile parsed = parse_sum_file(src->text());
    for (const auto& [line, what] : parsed.problems) {
      uint32_t begin = src->line_count() >= line ? static_cast<uint32_t>(src->line_text(line).data() - src->text().data()) : 0;
      out.findings.push_back(make_finding("sum-file-invalid", Severity::Error, make_location(src, {begin, begin}),
                                          std::string(kSumFileName) + " line " + std::to_string(line) + ": " + what,
                                          "Regenerate it with `schemagate sum` (after checking why it was edited)."));
    }
    if (parsed.problems.empty() && !parsed.header_matches) {
      Location head = make_location(src, {0, static_cast<uint32_t>(std::min<size_t>(src->text().find('\n'), src->size()))});
      out.findings.push_back(make_finding(
          "sum-file-tampered", Severity::Error, head,
          std::string(kSumFileName) + " was edited by hand: its header hash does not match the lines below it",
          "Do not edit the sum file; resolve conflicts by regenerating it with `schemagate sum` after checking "
          "that no recorded migration changed."));
    }
    recorded.locations = sum_line_locations(src, parsed.entries.size());
    recorded.entries = std::move(parsed.entries);
    recorded.description = std::string(kSumFileName);
    recorded.from_sum_file = true;
  }
  out.recorded = static_cast<uint32_t>(recorded.entries.size());
  auto found = compare_with_recorded(current, recorded);
  out.findings.insert(out.findings.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  return out;
}

}  // namespace sg::integrity
