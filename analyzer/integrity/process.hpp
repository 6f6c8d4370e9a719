#pragma once
// Runs a program directly (posix_spawnp, no shell: arguments are never interpreted) and collects its output.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sg::integrity {

struct ProcessResult {
  int exit_code = -1;      // -1 when the program could not be started or was killed by a signal
  std::string out;
  std::string err;
  std::string spawn_error; // set when the program could not be started
};

// `stdin_bytes` is fed to the program's standard input (through a temporary file, so a large input can
// never deadlock against a large output).
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd = {},
                          const std::optional<std::string>& stdin_bytes = std::nullopt);

}  // namespace sg::integrity
