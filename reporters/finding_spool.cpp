#include "reporters/finding_spool.hpp"

#include <algorithm>
#include <exception>
#include <numeric>

namespace sg::report {

FindingSpool::FindingSpool(std::unique_ptr<FormatWriter> writer) : writer_(std::move(writer)), spill_(std::tmpfile()) {}

FindingSpool::~FindingSpool() {
  finish_rendering();
  if (spill_) std::fclose(spill_);
}

uint32_t FindingSpool::intern(std::vector<std::string>& names, std::unordered_map<std::string, uint32_t>& ids,
                              const std::string& name) {
  auto [it, added] = ids.try_emplace(name, static_cast<uint32_t>(names.size()));
  if (added) names.push_back(name);
  return it->second;
}

void FindingSpool::add(Finding f) {
  std::vector<Finding> one;
  one.push_back(std::move(f));
  add_all(one);
}

void FindingSpool::add_all(std::vector<Finding>& found) {
  if (found.empty()) return;
  bool wake = false;  // the renderer may be waiting for a finding
  {
    std::unique_lock lock(mutex_);
    if (!renderer_.joinable()) renderer_ = std::thread([this] { render_queued(); });
    for (Finding& f : found) {
      counts_.add(f.severity);
      if (queue_.size() >= kQueued / 2) {
        // Full: the renderer must know of what is queued before this thread waits for room.
        if (wake) changed_.notify_all();
        wake = false;
        changed_.wait(lock, [&] { return queue_.size() < kQueued / 2; });
      }
      wake = wake || queue_.empty();
      queue_.push_back(std::move(f));
    }
  }
  // The renderer only waits for an empty queue, and is woken once for a file's findings: waking it for every
  // finding cost the replay's thread a system call each.
  if (wake) changed_.notify_all();
}

void FindingSpool::render_queued() {
  std::deque<Finding> batch;
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return closing_ || !queue_.empty(); });
    if (queue_.empty()) return;  // closing, and everything rendered
    // The whole queue at once (at most half the findings in flight, the other half may queue meanwhile).
    batch.swap(queue_);
    lock.unlock();
    changed_.notify_all();
    for (Finding& f : batch) {
      try {
        render(f);
      } catch (const std::exception&) {
        spill_failed_ = true;  // write() then reports that the report could not be written
      }
    }
    batch.clear();
    lock.lock();
  }
}

void FindingSpool::finish_rendering() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  if (renderer_.joinable()) renderer_.join();
}

void FindingSpool::render(const Finding& f) {
  std::string piece = writer_->piece(f);
  Entry e{intern(paths_, path_ids_, f.location.path), f.location.range.start.line, f.location.range.start.column,
          intern(rules_, rule_ids_, f.rule), 0, piece.size()};
  if (spill_) {
    e.offset = spilled_;
    if (std::fwrite(piece.data(), 1, piece.size(), spill_) != piece.size()) spill_failed_ = true;
    spilled_ += piece.size();
  } else {
    e.offset = memory_.size();
    memory_ += piece;
  }
  entries_.push_back(e);
}

std::optional<std::string_view> FindingSpool::piece(const Entry& e) {
  if (!spill_) return std::string_view(memory_).substr(e.offset, e.size);
  if (e.offset < window_offset_ || e.offset + e.size > window_offset_ + window_.size()) {
    // The pieces come back nearly in the order they were written, forwards or backwards: one read of a large
    // window serves many. A window that served one piece only was too large for the order they come in.
    window_size_ = window_served_ > 1 ? std::min(kWindow, window_size_ * 2) : std::max(kMinWindow, window_size_ / 2);
    const bool backwards = e.offset < window_offset_;
    const uint64_t end = backwards ? e.offset + e.size : std::min(spilled_, e.offset + std::max(e.size, window_size_));
    const uint64_t begin = backwards ? end - std::min(end, std::max(e.size, window_size_)) : e.offset;
    window_.resize(static_cast<size_t>(end - begin));
    window_offset_ = begin;
    window_served_ = 0;
    if (std::fseek(spill_, static_cast<long>(begin), SEEK_SET) != 0 ||
        std::fread(window_.data(), 1, window_.size(), spill_) != window_.size()) {
      window_.clear();
      return std::nullopt;
    }
  }
  ++window_served_;
  return std::string_view(window_).substr(static_cast<size_t>(e.offset - window_offset_), e.size);
}

bool FindingSpool::write(Report r, std::FILE* out) {
  finish_rendering();
  r.streamed_counts = counts_;
  if (spill_failed_ || (spill_ && std::fflush(spill_) != 0)) return false;
  // sort_findings' order: path, line, column, rule, then the order they came in.
  std::vector<uint32_t> order(entries_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const Entry& x = entries_[a];
    const Entry& y = entries_[b];
    if (x.path != y.path) return paths_[x.path] < paths_[y.path];
    if (x.line != y.line) return x.line < y.line;
    if (x.column != y.column) return x.column < y.column;
    return x.rule != y.rule && rules_[x.rule] < rules_[y.rule];
  });
  auto [before, after] = writer_->frame(r, entries_.size());
  // An empty view may have no storage at all, which fwrite must not be given.
  auto put = [&](std::string_view text) { return text.empty() || std::fwrite(text.data(), 1, text.size(), out) == text.size(); };
  bool ok = put(before);
  for (size_t i = 0; ok && i < order.size(); ++i) {
    if (i) ok = put(writer_->separator());
    const std::optional<std::string_view> text = ok ? piece(entries_[order[i]]) : std::nullopt;
    ok = text && put(*text);
  }
  window_ = {};
  ok = ok && put(after);
  return std::fflush(out) == 0 && ok;
}

}  // namespace sg::report
