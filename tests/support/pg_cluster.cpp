#include "support/pg_cluster.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <sys/file.h>
#include <netinet/in.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>
#include <vector>

extern char** environ;

namespace sg::test {
namespace fs = std::filesystem;

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

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

}  // namespace

fs::path PgCluster::bin_dir() { return "/usr/lib/postgresql/15/bin"; }

namespace {

// P-256 keys: as good as RSA for a test and generated in milliseconds.
const std::vector<std::string> kNewKey = {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"};

bool openssl(std::vector<std::string> args, std::string* error) {
  args.insert(args.begin(), "openssl");
  std::string out;
  if (run_program(args, &out) == 0) return true;
  if (error) *error = "openssl " + args[1] + " failed: " + out;
  return false;
}

// ca.crt/ca.key via make_certificate_authority, then server.crt/server.key for 127.0.0.1 and localhost.
bool make_server_certificate(const fs::path& dir, std::string* error) {
  if (!make_certificate_authority(dir, error)) return false;
  std::vector<std::string> csr = {"req"};
  csr.insert(csr.end(), kNewKey.begin(), kNewKey.end());
  csr.insert(csr.end(), {"-keyout", (dir / "server.key").string(), "-out", (dir / "server.csr").string(), "-subj",
                         "/CN=localhost"});
  {
    std::ofstream ext(dir / "server.ext");
    ext << "subjectAltName=IP:127.0.0.1,DNS:localhost\n";
  }
  return openssl(csr, error) &&
         openssl({"x509", "-req", "-in", (dir / "server.csr").string(), "-CA", (dir / "ca.crt").string(), "-CAkey",
                  (dir / "ca.key").string(), "-CAcreateserial", "-days", "2", "-extfile", (dir / "server.ext").string(),
                  "-out", (dir / "server.crt").string()},
                 error);
}

}  // namespace

bool make_certificate_authority(const fs::path& dir, std::string* error) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::vector<std::string> args = {"req", "-x509"};
  args.insert(args.end(), kNewKey.begin(), kNewKey.end());
  args.insert(args.end(), {"-keyout", (dir / "ca.key").string(), "-out", (dir / "ca.crt").string(), "-subj",
                           "/CN=schemagate test CA", "-days", "2"});
  return openssl(args, error);
}

PgCluster::PgCluster(PgClusterOptions options) {
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
  if (!make_data_dir(data, prefix)) return;
  std::string tls_opts;
  if (options.tls) {
    std::string error;
    if (!make_server_certificate(dir_ / "tls", &error)) {
      why_not_ = error;
      return;
    }
    // The server reads its key only when the database user owns it and nobody else can read it.
    for (const char* name : {"server.crt", "server.key"}) {
      fs::copy_file(dir_ / "tls" / name, data / name, fs::copy_options::overwrite_existing);
      fs::permissions(data / name, fs::perms::owner_read | fs::perms::owner_write);
      if (as_postgres_) {
        passwd* pw = getpwnam("postgres");
        if (!pw || chown((data / name).c_str(), pw->pw_uid, pw->pw_gid) != 0) {
          why_not_ = "cannot hand the TLS key to the postgres user";
          return;
        }
      }
    }
    tls_opts = " -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key";
  }
  for (int attempt = 0; attempt < 5 && !running_; ++attempt) {
    port_ = free_port();
    std::string opts = "-p " + std::to_string(port_) + " -c listen_addresses=127.0.0.1 -k " + dir_.string() +
                       " -c fsync=off -c full_page_writes=off" + tls_opts;
    if (run_program(cmd({(bin_dir() / "pg_ctl").string(), "-D", data.string(), "-o", opts, "-l", (dir_ / "log").string(),
                 "-w", "-t", "60", "start"}),
            &out) == 0)
      running_ = true;
    else
      why_not_ = "pg_ctl start failed: " + out;
  }
}

namespace {

// initdb with the settings every test cluster uses, run as `run_as` (empty: this user).
bool initdb(const fs::path& data, const std::vector<std::string>& run_as, std::string* out) {
  std::vector<std::string> a = run_as;
  a.insert(a.end(), {(PgCluster::bin_dir() / "initdb").string(), "-D", data.string(), "-U", "postgres", "--auth=trust",
                     "-E", "UTF8", "--locale=C", "--no-sync"});
  return run_program(a, out) == 0;
}

// Holds an exclusive flock on a file for its lifetime.
class FileLock {
 public:
  explicit FileLock(const fs::path& p) : fd_(open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    if (fd_ >= 0) flock(fd_, LOCK_EX);
  }
  ~FileLock() {
    if (fd_ >= 0) close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_;
};

}  // namespace

bool PgCluster::make_data_dir(const fs::path& data, const std::vector<std::string>& run_as) {
  // initdb costs seconds (most of a test cluster's start) and makes the same files every time: the first
  // cluster makes a template under the temporary folder, for this user and server version, and every
  // cluster copies it. The template is only ever read after it is complete (built aside, then renamed),
  // and parallel test processes take turns through a lock. Delete it freely; the next run makes it again.
  std::string version;
  run_program({(bin_dir() / "initdb").string(), "--version"}, &version);
  std::string key;
  for (char c : version)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.') key += c;
  const fs::path base = fs::temp_directory_path() / ("schemagate-pg-template-" + std::to_string(geteuid()) + "-" + key);
  std::string out;
  std::error_code ec;
  {
    FileLock lock(base.string() + ".lock");
    if (lock.ok() && !fs::exists(base / "data" / "PG_VERSION", ec)) {
      const fs::path partial = base.string() + ".partial";
      fs::remove_all(partial, ec);
      fs::create_directories(partial, ec);
      passwd* pw = as_postgres_ ? getpwnam("postgres") : nullptr;
      if (pw && chown(partial.c_str(), pw->pw_uid, pw->pw_gid) != 0) ec = std::make_error_code(std::errc::permission_denied);
      if (!ec && initdb(partial / "data", run_as, &out)) {
        fs::remove_all(base, ec);
        fs::rename(partial, base, ec);
      }
      fs::remove_all(partial, ec);
    }
  }
  // `cp -a` keeps the postgres user's ownership and the 0700 mode the server insists on.
  if (fs::exists(base / "data" / "PG_VERSION", ec) && run_program({"cp", "-a", (base / "data").string(), data.string()}) == 0)
    return true;
  fs::remove_all(data, ec);
  if (initdb(data, run_as, &out)) return true;
  why_not_ = "initdb failed: " + out;
  return false;
}

PgCluster::~PgCluster() {
  connection_.reset();
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

bool PgCluster::prepend_hba(const std::string& lines) {
  const fs::path hba = dir_ / "data" / "pg_hba.conf";
  std::string conf;
  {
    std::ifstream in(hba);
    conf.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  {
    std::ofstream out(hba, std::ios::trunc);  // truncating keeps the postgres user's ownership
    out << lines << (lines.empty() || lines.back() == '\n' ? "" : "\n") << conf;
    if (!out) return false;
  }
  if (!exec("postgres", "SELECT pg_reload_conf()").ok) return false;
  // The postmaster rereads the file when it handles the signal; new connections after that see it.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  return true;
}

void PgCluster::ConnCloser::operator()(pg_conn* c) const { PQfinish(c); }

pg_conn* PgCluster::connection(const std::string& database) const {
  if (!connection_ || connection_database_ != database || PQstatus(connection_.get()) != CONNECTION_OK) {
    connection_.reset(PQconnectdb(dsn(database).c_str()));
    connection_database_ = database;
  }
  return connection_.get();
}

PgExecResult PgCluster::exec(const std::string& database, const std::string& sql) const {
  PgExecResult r;
  PGconn* conn = connection(database);
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    r.ok = false;
    r.message = conn ? PQerrorMessage(conn) : "out of memory";
    connection_.reset();
    return r;
  }
  {
    Result res(PQexec(conn, sql.c_str()));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_FATAL_ERROR || st == PGRES_BAD_RESPONSE || st == PGRES_NONFATAL_ERROR) {
      r.ok = false;
      const char* code = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
      const char* msg = res ? PQresultErrorField(res.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
      r.sqlstate = code ? code : "";
      r.message = msg ? msg : PQerrorMessage(conn);
    }
  }
  // What closing the connection would do: roll back a transaction the text left open, then forget every
  // SET, temporary table, prepared statement, advisory lock and LISTEN of the session.
  if (PQtransactionStatus(conn) != PQTRANS_IDLE) Result(PQexec(conn, "ROLLBACK"));
  Result discard(PQexec(conn, "DISCARD ALL"));
  if (!discard || PQresultStatus(discard.get()) != PGRES_COMMAND_OK) connection_.reset();
  return r;
}

}  // namespace sg::test
