#pragma once
// Helpers for the CI-integration tests (action, pre-commit, GitLab/Markdown): running any program (git, bash,
// pre-commit, cmark) with a controlled environment, and building small Git repositories from fixtures/demo.
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "support/test_support.hpp"

extern char** environ;

namespace sg::test::integrations {
namespace fs = std::filesystem;

// The environment with `overrides` ("NAME=value") replacing or adding entries; "NAME" alone removes NAME.
inline std::vector<std::string> environment_with(const std::vector<std::string>& overrides) {
  auto name_of = [](const std::string& kv) { return kv.substr(0, kv.find('=')); };
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    bool replaced = std::any_of(overrides.begin(), overrides.end(),
                                [&](const std::string& o) { return name_of(o) == name_of(kv); });
    if (!replaced) env.push_back(kv);
  }
  for (const auto& o : overrides)
    if (o.find('=') != std::string::npos) env.push_back(o);
  return env;
}

// Runs argv (argv[0] looked up on PATH, or on the PATH given in `env`) in `cwd`; stdin is /dev/null.
inline RunResult run_program(const std::vector<std::string>& argv_in, const fs::path& cwd,
                             const std::vector<std::string>& env_overrides = {}) {
  RunResult r;
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return r;
  if (pipe2(err_pipe, O_CLOEXEC) != 0) { close(out_pipe[0]); close(out_pipe[1]); return r; }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());

  std::vector<std::string> args = argv_in;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env = environment_with(env_overrides);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  // posix_spawnp searches the parent's PATH; a PATH override must apply to the program lookup too.
  std::string program = args[0];
  if (program.find('/') == std::string::npos) {
    for (const auto& e : env) {
      if (e.rfind("PATH=", 0) != 0) continue;
      std::string path = e.substr(5);
      size_t pos = 0;
      while (pos <= path.size()) {
        size_t colon = path.find(':', pos);
        fs::path candidate = fs::path(path.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos)) / program;
        if (access(candidate.c_str(), X_OK) == 0) { program = candidate.string(); break; }
        if (colon == std::string::npos) break;
        pos = colon + 1;
      }
    }
  }
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, program.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    r.exit_code = 127;
    r.err = "cannot start " + args[0];
    return r;
  }
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) { close(fds[i].fd); fds[i].fd = -1; --open_fds; continue; }
      (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

// True when `program` can be found on PATH.
inline bool on_path(const std::string& program) {
  return run_program({"sh", "-c", "command -v \"$0\" >/dev/null 2>&1", program}, {}).exit_code == 0;
}

// HTML from a CommonMark renderer: cmark-gfm (with GitHub's table extension) or cmark; empty when neither is
// installed.
inline std::string render_markdown_html(const std::string& markdown, std::string* renderer) {
  TempDir tmp;
  fs::path md = tmp.path() / "report.md";
  write_file(md, markdown);
  if (integrations::on_path("cmark-gfm")) {
    *renderer = "cmark-gfm";
    return run_program({"cmark-gfm", "-e", "table", md.string()}, {}).out;
  }
  if (integrations::on_path("cmark")) {
    *renderer = "cmark";
    return run_program({"cmark", md.string()}, {}).out;
  }
  return {};
}

// The text a reader sees: tags dropped, the entities cmark writes decoded.
inline std::string visible_text(const std::string& html) {
  std::string text;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') in_tag = true;
    else if (c == '>' && in_tag) in_tag = false;
    else if (!in_tag) text += c;
  }
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (auto [entity, c] : kEntities) {
    for (size_t pos = 0; (pos = text.find(entity, pos)) != std::string::npos; pos += 1) text.replace(pos, std::strlen(entity), c);
  }
  return text;
}

// Git with a fixed identity and no user or system configuration, so tests behave the same everywhere.
inline std::vector<std::string> git_env(const fs::path& home) {
  return {"HOME=" + home.string(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
          "GIT_AUTHOR_NAME=schemagate test", "GIT_AUTHOR_EMAIL=test@schemagate.invalid",
          "GIT_COMMITTER_NAME=schemagate test", "GIT_COMMITTER_EMAIL=test@schemagate.invalid",
          "GIT_TERMINAL_PROMPT=0", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"};
}

inline RunResult git(const fs::path& repo, const std::vector<std::string>& args, const fs::path& home) {
  std::vector<std::string> argv{"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, repo, git_env(home));
}

// The demo's migration folder names, oldest first.
inline std::vector<std::string> demo_migrations() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(fixtures_dir() / "demo/prisma/migrations"))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Copies fixtures/demo into `dest` with only the migrations in `keep`.
inline void copy_demo(const fs::path& dest, const std::vector<std::string>& keep) {
  fs::path src = fixtures_dir() / "demo";
  fs::create_directories(dest / "prisma/migrations");
  fs::copy_file(src / "prisma/schema.prisma", dest / "prisma/schema.prisma", fs::copy_options::overwrite_existing);
  fs::copy_file(src / "prisma/migrations/migration_lock.toml", dest / "prisma/migrations/migration_lock.toml",
                fs::copy_options::overwrite_existing);
  for (const auto& name : keep)
    fs::copy(src / "prisma/migrations" / name, dest / "prisma/migrations" / name,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

}  // namespace sg::test::integrations
