#pragma once
// `lint --since REF`: which migrations a branch added or changed. Git runs directly (posix_spawnp through
// integrity::run_process, no shell), so a ref cannot smuggle in shell syntax; fetching the ref is the
// caller's job (the GitHub Action fetches the base when the checkout is shallow).
#include <filesystem>
#include <set>
#include <string>

namespace sg::cli {

struct GitChanges {
  std::set<std::string> migrations;  // folder names directly under the migrations folder
  std::string error;                 // set when git failed; migrations is then empty
};

// Migrations under `migrations_dir` with a file that differs between the merge base of `ref` and HEAD
// (`git diff --name-only REF...HEAD`), or that is modified, staged or untracked in the work tree.
// Deleted files count for nothing: a migration that is gone cannot be linted.
GitChanges migrations_changed_since(const std::string& ref, const std::filesystem::path& migrations_dir);

}  // namespace sg::cli
