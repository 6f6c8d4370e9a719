#include "analyzer/history/parse_ahead.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <string>

#include "analyzer/sql/parse.hpp"

namespace sg {

namespace {
uint64_t size_of(const Migration& m) { return m.file ? m.file->size() : m.size; }
}  // namespace

ParseAhead::ParseAhead(MigrationHistory& history, unsigned workers, size_t max_files, uint64_t max_bytes,
                       uint64_t consumer_parses)
    : history_(history), max_files_(std::max<size_t>(1, max_files)), max_bytes_(max_bytes),
      consumer_parses_(consumer_parses) {
  position_.assign(history.migrations.size(), std::numeric_limits<size_t>::max());
  for (size_t i = 0; i < history.migrations.size(); ++i)
    if (history.migrations[i].readable) {
      position_[i] = order_.size();
      order_.push_back(i);
    }
  done_.assign(order_.size(), 0);
  if (workers == 0) workers = std::max(2u, std::thread::hardware_concurrency()) - 1;
  workers = static_cast<unsigned>(std::min<size_t>(workers, order_.size()));
  for (unsigned t = 0; t < workers; ++t) threads_.emplace_back([this] { work(); });
}

uint64_t ParseAhead::bytes_of(const Migration& m) const {
  // A file left to the consumer holds no IR while it waits.
  return size_of(m) >= consumer_parses_ ? 0 : size_of(m);
}

ParseAhead::~ParseAhead() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  for (auto& t : threads_) t.join();
}

void ParseAhead::work() {
  for (;;) {
    size_t pos;
    std::vector<sql::ParsedFile> spent;
    {
      std::unique_lock lock(mutex_);
      // The file the consumer waits for is always taken; later ones while the window has room.
      changed_.wait(lock, [&] {
        if (stop_ || next_ >= order_.size() || !spent_.empty()) return true;
        uint64_t size = bytes_of(history_.migrations[order_[next_]]);
        return next_ == consumed_ || (next_ < consumed_ + max_files_ && bytes_ahead_ + size <= max_bytes_);
      });
      spent.swap(spent_);
      if (!spent.empty()) {
        lock.unlock();
        spent.clear();  // outside the lock
        continue;
      }
      if (stop_ || next_ >= order_.size()) return;
      pos = next_++;
      bytes_ahead_ += bytes_of(history_.migrations[order_[pos]]);
    }
    Migration& m = history_.migrations[order_[pos]];
    try {
      if (size_of(m) >= consumer_parses_) {
        // The consumer reads and parses it, part after part.
      } else if (m.text_unloaded && !m.file && !load_text(m)) {
        m.parsed = sql::ParsedFile{};
        m.parsed.errors.push_back({kTextNotReadAgain, 0, Span{}});
      } else {
        m.parsed = sql::parse_sql(m.file->text());
      }
    } catch (const std::exception& e) {
      // An exception must not escape a worker (that ends the process) nor leave the consumer waiting: the
      // file is reported as one that could not be parsed, and the run goes on.
      m.parsed = sql::ParsedFile{};
      if (!m.file) m.file = std::make_shared<SourceFile>(migration_file_path(m), std::string());
      m.parsed.errors.push_back({std::string("the file could not be parsed (") + e.what() + ")", 0,
                                 Span{0, static_cast<uint32_t>(m.file->size())}});
    }
    {
      std::lock_guard lock(mutex_);
      done_[pos] = 1;
    }
    changed_.notify_all();
  }
}

void ParseAhead::wait(size_t index) {
  size_t pos = position_.at(index);
  if (pos == std::numeric_limits<size_t>::max()) return;
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return done_[pos] != 0; });
}

void ParseAhead::release(size_t index) {
  size_t pos = position_.at(index);
  if (pos == std::numeric_limits<size_t>::max()) return;
  Migration& m = history_.migrations[index];
  sql::ParsedFile spent = std::move(m.parsed);
  m.parsed = sql::ParsedFile{};
  if (m.text_unloaded) m.file = nullptr;  // findings that point into it keep it alive as long as they need
  {
    std::lock_guard lock(mutex_);
    bytes_ahead_ -= bytes_of(m);
    consumed_ = pos + 1;
    // With every file taken, the workers are gone: what is left is freed here.
    if (next_ < order_.size()) spent_.push_back(std::move(spent));
  }
  changed_.notify_all();
}

}  // namespace sg
