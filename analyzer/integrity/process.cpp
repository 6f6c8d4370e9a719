#include "analyzer/integrity/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace sg::integrity {

namespace {

// Owns a file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept { if (this != &o) { reset(); fd_ = o.release(); } return *this; }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { int f = fd_; fd_ = -1; return f; }
  void reset() { if (fd_ >= 0) ::close(fd_); fd_ = -1; }
 private:
  int fd_ = -1;
};

class SpawnActions {
 public:
  SpawnActions() { posix_spawn_file_actions_init(&fa_); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&fa_); }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
  posix_spawn_file_actions_t* get() { return &fa_; }
 private:
  posix_spawn_file_actions_t fa_;
};

// An anonymous temporary file holding the child's standard input.
Fd stdin_file(const std::optional<std::string>& bytes) {
  if (!bytes) return Fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  std::string tmpl = (std::filesystem::temp_directory_path() / "schemagate-stdin-XXXXXX").string();
  Fd fd(::mkstemp(tmpl.data()));
  if (fd.get() < 0) return fd;
  ::unlink(tmpl.c_str());
  size_t off = 0;
  while (off < bytes->size()) {
    ssize_t w = ::write(fd.get(), bytes->data() + off, bytes->size() - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return Fd();
    off += static_cast<size_t>(w);
  }
  ::lseek(fd.get(), 0, SEEK_SET);
  return fd;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                          const std::optional<std::string>& stdin_bytes) {
  ProcessResult r;
  if (argv.empty()) { r.spawn_error = "no program"; return r; }
  int out_p[2], err_p[2];
  if (::pipe2(out_p, O_CLOEXEC) != 0) { r.spawn_error = std::strerror(errno); return r; }
  Fd out_r(out_p[0]), out_w(out_p[1]);
  if (::pipe2(err_p, O_CLOEXEC) != 0) { r.spawn_error = std::strerror(errno); return r; }
  Fd err_r(err_p[0]), err_w(err_p[1]);
  Fd in = stdin_file(stdin_bytes);
  if (in.get() < 0) { r.spawn_error = "cannot create a temporary file for standard input"; return r; }

  SpawnActions fa;
  posix_spawn_file_actions_adddup2(fa.get(), in.get(), 0);
  posix_spawn_file_actions_adddup2(fa.get(), out_w.get(), 1);
  posix_spawn_file_actions_adddup2(fa.get(), err_w.get(), 2);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(fa.get(), cwd.c_str());

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, args[0], fa.get(), nullptr, args.data(), environ);
  out_w.reset();
  err_w.reset();
  in.reset();
  if (rc != 0) { r.spawn_error = std::string("cannot run ") + argv[0] + ": " + std::strerror(rc); return r; }

  pollfd fds[2] = {{out_r.get(), POLLIN, 0}, {err_r.get(), POLLIN, 0}};
  std::string* sinks[2] = {&r.out, &r.err};
  int open_count = 2;
  char buf[65536];
  while (open_count > 0) {
    if (::poll(fds, 2, -1) < 0) { if (errno == EINTR) continue; break; }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) sinks[i]->append(buf, static_cast<size_t>(n));
      else if (n == 0 || errno != EINTR) { fds[i].fd = -1; --open_count; }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace sg::integrity
