#pragma once
// Shared helpers for tests: paths to fixtures and ../shared, running the CLI as a subprocess.
#include <filesystem>
#include <string>
#include <vector>

namespace sg::test {

std::filesystem::path source_dir();        // the repository root
std::filesystem::path fixtures_dir();      // <root>/fixtures
// ../shared next to the checkout (or $SCHEMAGATE_SHARED); empty when absent.
std::filesystem::path shared_dir();
// Corpus names under ../shared/corpus, sorted; empty when ../shared is absent.
std::vector<std::string> corpora();

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the schemagate binary with `args` (no shell), in `cwd` (default: current), with extra env entries.
RunResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd = {},
                  const std::vector<std::string>& env = {}, const std::string& stdin_text = {});

std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, std::string_view bytes);

// A fresh temporary directory removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
 private:
  std::filesystem::path path_;
};

}  // namespace sg::test

// Skips the current test loudly when ../shared is missing.
#define SG_REQUIRE_SHARED()                                                                      \
  do {                                                                                           \
    if (::sg::test::shared_dir().empty())                                                        \
      GTEST_SKIP() << "../shared is absent (set SCHEMAGATE_SHARED): corpus test skipped";        \
  } while (0)
