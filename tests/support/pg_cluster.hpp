#pragma once
// A throwaway PostgreSQL 15 cluster for tests: initdb into a temporary folder, listen on 127.0.0.1 only,
// on a free port, stopped and removed when the object dies. Runs the server as `postgres` when the tests
// run as root (the server refuses to run as root).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct pg_conn;  // libpq's PGconn

namespace sg::test {

// The outcome of one simple-query (the whole text sent at once, as Prisma sends a migration).
struct PgExecResult {
  bool ok = true;
  std::string sqlstate;
  std::string message;
};

// Runs a program (no shell), waits, and returns its exit code (-1 when it could not start); stdout and
// stderr together land in `output`.
int run_program(const std::vector<std::string>& argv, std::string* output = nullptr);

// Makes a self-signed certificate authority in `dir` (ca.crt, ca.key) with the openssl command; false
// (with the reason in `error`) when it cannot.
bool make_certificate_authority(const std::filesystem::path& dir, std::string* error = nullptr);

struct PgClusterOptions {
  // Serve TLS with a certificate for 127.0.0.1 and localhost signed by a CA of the cluster's own (ca_file()).
  bool tls = false;
};

class PgCluster {
 public:
  // Starts a cluster; check `running()` and `why_not()` (binaries absent, initdb failed, ...).
  explicit PgCluster(PgClusterOptions options = {});
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  bool running() const { return running_; }
  const std::string& why_not() const { return why_not_; }
  int port() const { return port_; }
  // libpq connection string for `database` on this cluster.
  std::string dsn(const std::string& database = "postgres") const;

  // Creates an empty database (fails when it exists).
  bool create_database(const std::string& name);
  // Sends `sql` as one simple query to `database`, in a session as fresh as a new connection's (one
  // connection is kept and reset between calls: connecting costs about as much as a small query
  // batch, and corpus tests send thousands).
  PgExecResult exec(const std::string& database, const std::string& sql) const;
  // Puts `lines` first in pg_hba.conf (the first matching line decides) and reloads the configuration.
  bool prepend_hba(const std::string& lines);
  // With options.tls: the certificate of the CA that signed the server's certificate (for sslrootcert).
  std::filesystem::path ca_file() const { return dir_ / "tls" / "ca.crt"; }

  static std::filesystem::path bin_dir();  // /usr/lib/postgresql/15/bin

 private:
  struct ConnCloser {
    void operator()(pg_conn* c) const;
  };
  // The data directory: a copy of a template made once per machine, user and server version.
  bool make_data_dir(const std::filesystem::path& data, const std::vector<std::string>& run_as);
  pg_conn* connection(const std::string& database) const;

  mutable std::unique_ptr<pg_conn, ConnCloser> connection_;
  mutable std::string connection_database_;
  std::filesystem::path dir_;
  int port_ = 0;
  bool running_ = false;
  bool as_postgres_ = false;
  std::string why_not_;
};

}  // namespace sg::test
