#include "analyzer/integrity/git_history.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "analyzer/hash.hpp"
#include "analyzer/integrity/process.hpp"

namespace sg::integrity {

namespace {

std::string first_line(const std::string& s) {
  std::string l = s.substr(0, s.find('\n'));
  return l.empty() ? "git failed" : l;
}

struct TreeFile {
  std::string migration;  // folder name
  std::string blob;       // object id
};

// `git ls-tree -r -z` lines: "<mode> <type> <object>\t<path>", NUL-terminated; paths relative to the folder.
std::vector<TreeFile> migration_blobs(const std::string& listing) {
  std::vector<TreeFile> out;
  size_t pos = 0;
  while (pos < listing.size()) {
    size_t end = listing.find('\0', pos);
    if (end == std::string::npos) end = listing.size();
    std::string_view rec(listing.data() + pos, end - pos);
    pos = end + 1;
    size_t tab = rec.find('\t');
    if (tab == std::string_view::npos) continue;
    std::string_view meta = rec.substr(0, tab), path = rec.substr(tab + 1);
    size_t s1 = meta.find(' '), s2 = meta.rfind(' ');
    if (s1 == std::string_view::npos || s2 == s1 || meta.substr(s1 + 1, s2 - s1 - 1) != "blob") continue;
    size_t slash = path.find('/');
    // Only `<folder>/migration.sql` directly under the migrations folder is a migration.
    if (slash == std::string_view::npos || path.substr(slash + 1) != "migration.sql") continue;
    out.push_back({std::string(path.substr(0, slash)), std::string(meta.substr(s2 + 1))});
  }
  return out;
}

}  // namespace

GitHistory read_history_at_revision(const std::filesystem::path& dir, const std::string& revision) {
  GitHistory out;
  if (revision.empty() || revision.front() == '-') {
    out.error = "`" + revision + "` is not a Git revision";
    return out;
  }
  ProcessResult check = run_process({"git", "-C", dir.string(), "rev-parse", "--verify", "--quiet",
                                     revision + "^{commit}"});
  if (!check.spawn_error.empty()) { out.error = check.spawn_error; return out; }
  if (check.exit_code != 0) {
    ProcessResult inside = run_process({"git", "-C", dir.string(), "rev-parse", "--git-dir"});
    out.error = inside.exit_code != 0 ? "`" + dir.string() + "` is not inside a Git repository"
                                      : "unknown Git revision `" + revision + "`";
    return out;
  }
  std::string commit = check.out.substr(0, check.out.find('\n'));
  ProcessResult tree = run_process({"git", "-C", dir.string(), "ls-tree", "-r", "-z", commit, "--", "."});
  if (tree.exit_code != 0) { out.error = first_line(tree.err); return out; }
  std::vector<TreeFile> files = migration_blobs(tree.out);
  std::sort(files.begin(), files.end(), [](const TreeFile& a, const TreeFile& b) { return a.migration < b.migration; });
  if (files.empty()) return out;  // the folder did not exist yet: everything is new

  std::string request;
  for (const TreeFile& f : files) request += f.blob + "\n";
  ProcessResult blobs = run_process({"git", "-C", dir.string(), "cat-file", "--batch"}, {}, request);
  if (blobs.exit_code != 0) { out.error = first_line(blobs.err); return out; }
  // Output: "<oid> blob <size>\n<bytes>\n" per request, in request order.
  size_t pos = 0;
  for (const TreeFile& f : files) {
    size_t nl = blobs.out.find('\n', pos);
    if (nl == std::string::npos) { out.error = "truncated output from git cat-file"; return out; }
    std::string header = blobs.out.substr(pos, nl - pos);
    size_t sp = header.rfind(' ');
    if (header.find(" blob ") == std::string::npos || sp == std::string::npos) {
      out.error = "git cat-file: " + header;
      return out;
    }
    size_t size = 0;
    auto [end, ec] = std::from_chars(header.data() + sp + 1, header.data() + header.size(), size);
    if (ec != std::errc() || end != header.data() + header.size()) { out.error = "git cat-file: " + header; return out; }
    if (nl + 1 + size > blobs.out.size()) { out.error = "truncated output from git cat-file"; return out; }
    out.entries.push_back({f.migration, sha256_hex(std::string_view(blobs.out).substr(nl + 1, size))});
    pos = nl + 1 + size + 1;
  }
  return out;
}

}  // namespace sg::integrity
