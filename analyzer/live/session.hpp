#pragma once
// A read-only libpq session. Connecting opens `BEGIN READ ONLY` with a statement timeout; the transaction is
// rolled back when the session ends, so nothing schemagate runs can ever change the database. Every error
// message is redacted before it leaves this module.
#include <libpq-fe.h>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/live/database_url.hpp"

namespace sg::live {

// A connection or query failure; what() never contains a password.
class LiveError : public std::runtime_error {
 public:
  LiveError(const std::string& message, std::string sqlstate = {})
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }
 private:
  std::string sqlstate_;
};

struct PgConnDeleter { void operator()(PGconn* c) const; };
struct PgResultDeleter { void operator()(PGresult* r) const; };
using PgConnPtr = std::unique_ptr<PGconn, PgConnDeleter>;
using PgResultPtr = std::unique_ptr<PGresult, PgResultDeleter>;

using Value = std::optional<std::string>;  // NULL is nullopt
using Row = std::vector<Value>;

struct SessionOptions {
  std::chrono::milliseconds statement_timeout{30000};
  std::chrono::seconds connect_timeout{10};
};

class Session {
 public:
  // Throws LiveError (redacted) when the server cannot be reached or refuses the login.
  static Session open(const DatabaseUrl& url, const SessionOptions& options = {});

  Session(Session&&) noexcept = default;
  Session& operator=(Session&&) noexcept = default;
  ~Session();

  // Text-format query with text parameters ($1, $2, ...). Throws LiveError.
  std::vector<Row> query(std::string_view sql, const std::vector<Value>& params = {});
  const DatabaseUrl& url() const { return *url_; }
  int server_version() const;  // e.g. 150018

 private:
  Session(PgConnPtr conn, std::shared_ptr<const DatabaseUrl> url) : conn_(std::move(conn)), url_(std::move(url)) {}
  void command(std::string_view sql);
  PgConnPtr conn_;
  std::shared_ptr<const DatabaseUrl> url_;
};

// Strict readers for libpq's text forms.
bool pg_bool(const Value& v);
std::vector<int> pg_int_array(const Value& v);           // "{1,2,3}"
std::vector<std::string> pg_text_array(const Value& v);  // "{a,\"b c\"}" (one dimension; NULL elements dropped)

}  // namespace sg::live
