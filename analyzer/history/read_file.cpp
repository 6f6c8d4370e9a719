#include "analyzer/history/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sg {

ReadResult read_file_bytes(const std::filesystem::path& path, uint64_t max_bytes) {
  ReadResult r;
  // O_NONBLOCK so that a FIFO planted in a migrations folder cannot hang the run.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    r.error = std::strerror(errno);
    return r;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    r.error = S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file";
    ::close(fd);
    return r;
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    r.error = "file is larger than " + std::to_string(max_bytes >> 20) + " MiB";
    ::close(fd);
    return r;
  }
  r.bytes.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (got < r.bytes.size()) {
    ssize_t n = ::read(fd, r.bytes.data() + got, r.bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) { r.error = std::strerror(errno); break; }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  r.bytes.resize(got);
  ::close(fd);
  return r;
}

}  // namespace sg
