#include "cli/git_changes.hpp"

#include <vector>

#include "analyzer/integrity/process.hpp"

namespace sg::cli {
namespace fs = std::filesystem;
namespace {

// Splits NUL-separated output (`-z`, which also keeps git from quoting unusual names), dropping empties.
std::vector<std::string> split_nul(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = s.find('\0', pos);
    if (end == std::string::npos) end = s.size();
    if (end > pos) out.push_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

std::string why(const integrity::ProcessResult& p) {
  if (!p.spawn_error.empty()) return p.spawn_error;
  std::string line = p.err.substr(0, p.err.find('\n'));
  return line.empty() ? "exit " + std::to_string(p.exit_code) : line;
}

}  // namespace

GitChanges migrations_changed_since(const std::string& ref, const fs::path& migrations_dir) {
  GitChanges result;
  if (ref.empty() || ref.front() == '-') {
    result.error = "`" + ref + "` is not a Git revision";
    return result;
  }
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(migrations_dir, ec), ec);
  if (ec || !fs::is_directory(dir)) {
    result.error = migrations_dir.generic_string() + ": not a folder";
    return result;
  }
  integrity::ProcessResult top = integrity::run_process({"git", "rev-parse", "--show-toplevel"}, dir);
  if (top.exit_code != 0) {
    result.error = migrations_dir.generic_string() + " is not inside a Git work tree: " + why(top);
    return result;
  }
  // git prints the top level with symlinks resolved; the folder is compared in the same form.
  fs::path root = fs::weakly_canonical(fs::path(top.out.substr(0, top.out.find('\n'))), ec);

  // `--end-of-options` keeps a ref that looks like an option from being read as one (git >= 2.24).
  const std::vector<std::vector<std::string>> queries = {
      {"git", "diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", "--end-of-options", ref + "...HEAD"},
      {"git", "diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", "HEAD"},
      {"git", "ls-files", "-z", "--others", "--exclude-standard"},
  };
  std::vector<std::string> changed;
  for (size_t i = 0; i < queries.size(); ++i) {
    integrity::ProcessResult p = integrity::run_process(queries[i], root);
    if (p.exit_code != 0) {
      result.error = i == 0 ? "`git diff " + ref + "...HEAD` failed: " + why(p) +
                                  " (is the ref fetched? a shallow clone also needs the merge base: git fetch --deepen=N)"
                            : "`git " + queries[i][1] + "` failed: " + why(p);
      return result;
    }
    for (auto& path : split_nul(p.out)) changed.push_back(std::move(path));
  }
  for (const std::string& path : changed) {
    fs::path rel = (root / path).lexically_normal().lexically_relative(dir);
    auto it = rel.begin();
    if (rel.empty() || it == rel.end() || *it == ".." || *it == ".") continue;
    std::string folder = it->string();
    if (++it == rel.end()) continue;  // a file directly in the migrations folder (migration_lock.toml)
    result.migrations.insert(folder);
  }
  return result;
}

}  // namespace sg::cli
