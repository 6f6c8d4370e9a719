#include "analyzer/live/session.hpp"

#include <cstdlib>

#include "analyzer/live/libpq.hpp"

namespace sg::live {

namespace {

void ignore_notice(void*, const char*) {}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// libpq accepts connect_timeout in both forms; add it only when the user did not choose one.
std::string with_connect_timeout(const std::string& conninfo, std::chrono::seconds timeout) {
  if (conninfo.find("connect_timeout") != std::string::npos) return conninfo;
  std::string t = std::to_string(timeout.count());
  if (conninfo.rfind("postgres://", 0) == 0 || conninfo.rfind("postgresql://", 0) == 0)
    return conninfo + (conninfo.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=" + t;
  return conninfo + (conninfo.empty() ? "" : " ") + "connect_timeout=" + t;
}

}  // namespace

void PgConnDeleter::operator()(PGconn* c) const {
  if (c) libpq().finish(c);
}
void PgResultDeleter::operator()(PGresult* r) const {
  if (r) libpq().clear(r);
}

Session Session::open(const DatabaseUrl& url, const SessionOptions& options) {
  const LibPq& pq = libpq();
  auto shared_url = std::make_shared<const DatabaseUrl>(url);
  PgConnPtr conn(pq.connectdb(with_connect_timeout(url.conninfo, options.connect_timeout).c_str()));
  if (!conn) throw LiveError("cannot allocate a PostgreSQL connection");
  if (pq.status(conn.get()) != CONNECTION_OK)
    throw LiveError("cannot connect to " + url.redacted + ": " + url.redact(trimmed(pq.error_message(conn.get()))));
  pq.set_notice_processor(conn.get(), ignore_notice, nullptr);
  Session s(std::move(conn), std::move(shared_url));
  s.command("BEGIN READ ONLY");
  s.command("SET LOCAL statement_timeout = " + std::to_string(options.statement_timeout.count()));
  s.command("SET LOCAL idle_in_transaction_session_timeout = " + std::to_string(options.statement_timeout.count() * 2));
  return s;
}

Session::~Session() {
  // Never COMMIT: whatever happened, the read-only transaction ends without a trace.
  if (!conn_) return;
  const LibPq& pq = libpq();
  if (pq.status(conn_.get()) == CONNECTION_OK) PgResultPtr(pq.exec(conn_.get(), "ROLLBACK"));
}

void Session::command(std::string_view sql) { query(sql); }

int Session::server_version() const { return conn_ ? libpq().server_version(conn_.get()) : 0; }

std::vector<Row> Session::query(std::string_view sql, const std::vector<Value>& params) {
  if (!conn_) throw LiveError("the database session is closed");
  const LibPq& pq = libpq();
  std::vector<const char*> values;
  for (const Value& p : params) values.push_back(p ? p->c_str() : nullptr);
  std::string text(sql);
  PgResultPtr res(pq.exec_params(conn_.get(), text.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                               nullptr, nullptr, 0));
  if (!res) throw LiveError(url_->redact(trimmed(pq.error_message(conn_.get()))));
  ExecStatusType st = pq.result_status(res.get());
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
    const char* state = pq.result_error_field(res.get(), PG_DIAG_SQLSTATE);
    throw LiveError(url_->redact(trimmed(pq.result_error_message(res.get()))), state ? state : "");
  }
  std::vector<Row> rows;
  int n = pq.ntuples(res.get()), cols = pq.nfields(res.get());
  rows.reserve(static_cast<size_t>(n));
  for (int r = 0; r < n; ++r) {
    Row row;
    row.reserve(static_cast<size_t>(cols));
    for (int c = 0; c < cols; ++c) {
      if (pq.getisnull(res.get(), r, c)) row.emplace_back(std::nullopt);
      else row.emplace_back(std::string(pq.getvalue(res.get(), r, c), static_cast<size_t>(pq.getlength(res.get(), r, c))));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

bool pg_bool(const Value& v) { return v && *v == "t"; }

std::vector<int> pg_int_array(const Value& v) {
  std::vector<int> out;
  if (!v) return out;
  int cur = 0;
  bool neg = false, any = false;
  for (char c : *v) {
    if (c >= '0' && c <= '9') { cur = cur * 10 + (c - '0'); any = true; }
    else if (c == '-') neg = true;
    else if (c == ',' || c == '}') {
      if (any) out.push_back(neg ? -cur : cur);
      cur = 0; neg = false; any = false;
    }
  }
  return out;
}

std::vector<std::string> pg_text_array(const Value& v) {
  std::vector<std::string> out;
  if (!v || v->size() < 2) return out;
  std::string_view s(*v);
  size_t i = 1;  // after '{'
  while (i < s.size() && s[i] != '}') {
    std::string item;
    bool quoted = false;
    if (s[i] == '"') {
      quoted = true;
      ++i;
      while (i < s.size() && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        item += s[i++];
      }
      ++i;  // closing quote
    } else {
      while (i < s.size() && s[i] != ',' && s[i] != '}') item += s[i++];
    }
    if (quoted || item != "NULL") out.push_back(std::move(item));
    if (i < s.size() && s[i] == ',') ++i;
  }
  return out;
}

}  // namespace sg::live
