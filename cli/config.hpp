#pragma once
// `.schemagate.toml`: found upward from the working directory, or given with --config.
//
//   pg_version = 15
//   prisma_version = "7.10"
//   start_after = "20240101000000_init"     # only report on migrations after this one
//   exclude = ["20220101000000_legacy*"]    # migration folder names (globs) not to report on
//   [rules]
//   drop-column = "off"                     # off | on | error | warning | info
//   prefer-timestamptz = "warning"
//
// Unknown keys and unknown rule ids are errors (exit 2), so a typo never silently disables a check.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/finding.hpp"

namespace sg::cli {

struct RuleSetting {
  bool enabled = true;
  std::optional<Severity> severity;
};

struct Config {
  std::filesystem::path path;  // empty when no file was found
  std::optional<int> pg_version;
  std::optional<std::string> prisma_version;
  std::optional<std::string> start_after;
  std::vector<std::string> exclude;
  std::map<std::string, RuleSetting> rules;
};

// Returns the config, or an error message with the file and position.
struct ConfigResult {
  Config config;
  std::string error;
};

ConfigResult load_config(const std::filesystem::path& explicit_path);

// Looks for .schemagate.toml in `start` and its parents.
std::optional<std::filesystem::path> find_config(const std::filesystem::path& start);

// fnmatch-style match of a migration name against an `exclude` pattern.
bool matches_glob(const std::string& pattern, const std::string& name);

}  // namespace sg::cli
