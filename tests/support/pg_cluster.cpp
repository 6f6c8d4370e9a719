#include "support/pg_cluster.hpp"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <vector>

extern char** environ;

namespace sg::test {
namespace fs = std::filesystem;

namespace {

}  // namespace

int run_program(const std::vector<std::string>& argv, std::string* output) {
  int pipefd[2];
  if (pipe(pipefd) != 0) return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
  posix_spawn_file_actions_addclose(&fa, pipefd[0]);
  posix_spawn_file_actions_addclose(&fa, pipefd[1]);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(pipefd[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(pipefd[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  close(pipefd[0]);
  if (rc != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

namespace {

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

struct ConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Conn = std::unique_ptr<PGconn, ConnDeleter>;
using Result = std::unique_ptr<PGresult, ResultDeleter>;

}  // namespace

fs::path PgCluster::bin_dir() { return "/usr/lib/postgresql/15/bin"; }

PgCluster::PgCluster() {
  if (!fs::exists(bin_dir() / "initdb") || !fs::exists(bin_dir() / "pg_ctl")) {
    why_not_ = "PostgreSQL 15 server binaries not found in " + bin_dir().string();
    return;
  }
  std::random_device rd;
  dir_ = fs::temp_directory_path() / ("schemagate-pg-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(dir_);
  std::vector<std::string> prefix;
  if (geteuid() == 0) {
    passwd* pw = getpwnam("postgres");
    if (!pw) {
      why_not_ = "running as root and there is no `postgres` user to run the server as";
      return;
    }
    if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      why_not_ = "cannot hand " + dir_.string() + " to the postgres user";
      return;
    }
    as_postgres_ = true;
    prefix = {"runuser", "-u", "postgres", "--"};
  }
  auto cmd = [&](std::vector<std::string> a) {
    std::vector<std::string> full = prefix;
    full.insert(full.end(), a.begin(), a.end());
    return full;
  };
  std::string out;
  fs::path data = dir_ / "data";
  if (run_program(cmd({(bin_dir() / "initdb").string(), "-D", data.string(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
               "--locale=C", "--no-sync"}),
          &out) != 0) {
    why_not_ = "initdb failed: " + out;
    return;
  }
  for (int attempt = 0; attempt < 5 && !running_; ++attempt) {
    port_ = free_port();
    std::string opts = "-p " + std::to_string(port_) + " -c listen_addresses=127.0.0.1 -k " + dir_.string() +
                       " -c fsync=off -c full_page_writes=off";
    if (run_program(cmd({(bin_dir() / "pg_ctl").string(), "-D", data.string(), "-o", opts, "-l", (dir_ / "log").string(),
                 "-w", "-t", "60", "start"}),
            &out) == 0)
      running_ = true;
    else
      why_not_ = "pg_ctl start failed: " + out;
  }
}

PgCluster::~PgCluster() {
  if (running_) {
    std::vector<std::string> a;
    if (as_postgres_) a = {"runuser", "-u", "postgres", "--"};
    a.insert(a.end(), {(bin_dir() / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-m", "fast", "-w", "stop"});
    run_program(a);
  }
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

std::string PgCluster::dsn(const std::string& database) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " user=postgres dbname=" + database;
}

bool PgCluster::create_database(const std::string& name) {
  return exec("postgres", "CREATE DATABASE \"" + name + "\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' "
                          "LC_CTYPE 'C'").ok;
}

PgExecResult PgCluster::exec(const std::string& database, const std::string& sql) const {
  PgExecResult r;
  Conn conn(PQconnectdb(dsn(database).c_str()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    r.ok = false;
    r.message = conn ? PQerrorMessage(conn.get()) : "out of memory";
    return r;
  }
  Result res(PQexec(conn.get(), sql.c_str()));
  ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st == PGRES_FATAL_ERROR || st == PGRES_BAD_RESPONSE || st == PGRES_NONFATAL_ERROR) {
    r.ok = false;
    const char* code = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
    const char* msg = res ? PQresultErrorField(res.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    r.sqlstate = code ? code : "";
    r.message = msg ? msg : PQerrorMessage(conn.get());
  }
  return r;
}

}  // namespace sg::test
