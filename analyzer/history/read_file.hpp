#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

namespace sg {

// A file read as raw bytes. `error` is empty on success, else a human-readable reason
// ("permission denied", "is a directory", "file is larger than 256 MiB", ...).
struct ReadResult {
  std::string bytes;
  std::string error;
};

inline constexpr uint64_t kMaxInputBytes = 256ull << 20;

ReadResult read_file_bytes(const std::filesystem::path& path, uint64_t max_bytes = kMaxInputBytes);

}  // namespace sg
