#pragma once
// Parses a history's migrations on worker threads a bounded distance ahead of the one being consumed, so that
// a pass over the history (lint) holds the statement IR of a few files at a time instead of all of them, and
// parsing overlaps with the replay on another core.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "analyzer/history/history.hpp"

namespace sg {

// The error of a file whose text load_text could not read again: the file is then reported as not parsed.
inline constexpr const char* kTextNotReadAgain = "migration.sql could not be read again, or changed while schemagate ran";

class ParseAhead {
 public:
  // `workers` parse threads (0: one less than the cores, at least one); at most `max_files` parsed files
  // and `max_bytes` of their SQL are waiting for the consumer at any time (one file always may). Files of
  // `consumer_parses` bytes or more are not parsed: the consumer parses them itself, part after part.
  explicit ParseAhead(MigrationHistory& history, unsigned workers = 0, size_t max_files = 16,
                      uint64_t max_bytes = 8u << 20, uint64_t consumer_parses = UINT64_MAX);
  ~ParseAhead();
  ParseAhead(const ParseAhead&) = delete;
  ParseAhead& operator=(const ParseAhead&) = delete;

  // Blocks until history.migrations[index] is parsed (returns at once for an unreadable one).
  void wait(size_t index);
  // The consumer is done with history.migrations[index]: its IR is handed to the workers to free (freeing
  // a file's statements took the consumer's time, which bounds the run's) and they may move on. Migrations
  // must be released in order.
  void release(size_t index);

 private:
  void work();
  uint64_t bytes_of(const Migration& m) const;  // what the file counts in the window

  MigrationHistory& history_;
  std::vector<size_t> order_;      // readable migrations, in history order
  std::vector<size_t> position_;   // history index -> position in order_ (or SIZE_MAX)
  std::vector<char> done_;         // by position
  size_t next_ = 0;                // next position a worker takes
  size_t consumed_ = 0;            // positions before this one are released
  uint64_t bytes_ahead_ = 0;       // SQL bytes of taken but unreleased positions
  size_t max_files_;
  uint64_t max_bytes_;
  uint64_t consumer_parses_;
  bool stop_ = false;
  std::vector<sql::ParsedFile> spent_;  // released IR a worker frees
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::thread> threads_;
};

}  // namespace sg
