#pragma once
// Findings written as they are found. Each is rendered soon after, on a thread of its own (the caller goes on
// replaying), into a temporary file; memory keeps only its sort key. At the end the pieces are written out in
// the order sort_findings gives, inside the format's frame: the same text as rendering the sorted findings at
// once, with a few dozen bytes of memory per finding instead of the finding and the whole file it points into.
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "reporters/report.hpp"

namespace sg::report {

class FindingSpool {
 public:
  explicit FindingSpool(std::unique_ptr<FormatWriter> writer);
  ~FindingSpool();
  FindingSpool(const FindingSpool&) = delete;
  FindingSpool& operator=(const FindingSpool&) = delete;

  void add(Finding f);
  // Takes every finding of `found` (a file's), waking the renderer once.
  void add_all(std::vector<Finding>& found);
  const SeverityCounts& counts() const { return counts_; }
  // Writes the report: `r` gives its facts (command, counts of migrations, rules, ...), the spool its
  // findings. False when the temporary file could not be read back or `out` not written.
  bool write(Report r, std::FILE* out);

 private:
  struct Entry {
    uint32_t path;  // index into paths_
    uint32_t line;
    uint32_t column;
    uint32_t rule;  // index into rules_
    uint64_t offset;
    uint64_t size;
  };
  uint32_t intern(std::vector<std::string>& names, std::unordered_map<std::string, uint32_t>& ids,
                  const std::string& name);
  void render(const Finding& f);
  void render_queued();
  void finish_rendering();
  // The rendered text of `e`, read back through window_ (null when the temporary file cannot be read).
  std::optional<std::string_view> piece(const Entry& e);

  std::unique_ptr<FormatWriter> writer_;
  std::vector<Entry> entries_;  // in the order added
  std::vector<std::string> paths_, rules_;
  std::unordered_map<std::string, uint32_t> path_ids_, rule_ids_;
  SeverityCounts counts_;
  std::FILE* spill_ = nullptr;  // the rendered pieces; when no temporary file can be made, `memory_` holds them
  std::string memory_;
  uint64_t spilled_ = 0;
  bool spill_failed_ = false;
  static constexpr uint64_t kWindow = 256u << 10, kMinWindow = 16u << 10;
  std::string window_;  // bytes of the temporary file from window_offset_, while write() reads it back
  uint64_t window_offset_ = 0;
  uint64_t window_size_ = kWindow;  // how much the next read takes
  uint64_t window_served_ = 2;      // pieces the current window gave

  // Findings waiting for the renderer or being rendered, at most kQueued: each keeps the file it points into
  // loaded. The renderer takes the queue whole, when it is at most half of them.
  static constexpr size_t kQueued = 4096;
  std::deque<Finding> queue_;
  bool closing_ = false;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::thread renderer_;  // started by the first add
};

}  // namespace sg::report
