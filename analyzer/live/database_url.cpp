#include "analyzer/live/database_url.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace sg::live {

namespace {

constexpr std::string_view kMask = "****";

// Query parameters Prisma's engines understand and libpq does not (libpq refuses unknown parameters).
constexpr std::array<std::string_view, 13> kPrismaOnlyParams = {
    "schema", "connection_limit", "pool_timeout", "pgbouncer", "sslaccept", "sslidentity", "socket_timeout",
    "statement_cache_size", "single_use_connections", "max_connection_lifetime", "max_idle_connection_lifetime",
    "connect_timeout_ms", "schema_search_path"};

// Parameters whose value is a secret: the password, and the passphrase of an encrypted client key.
bool is_secret(std::string_view key) { return key == "password" || key == "sslpassword"; }

bool is_prisma_only(std::string_view key) {
  return std::find(kPrismaOnlyParams.begin(), kPrismaOnlyParams.end(), key) != kPrismaOnlyParams.end();
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void add_secret(DatabaseUrl& u, std::string s) {
  if (!s.empty() && std::find(u.secrets.begin(), u.secrets.end(), s) == u.secrets.end()) u.secrets.push_back(std::move(s));
}

// `key=value key='quoted value'` strings: mask password values.
DatabaseUrl parse_keyword_string(std::string_view s) {
  DatabaseUrl u;
  std::string conninfo, redacted;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) { conninfo += s[i]; redacted += s[i]; ++i; }
    size_t key_begin = i;
    while (i < s.size() && s[i] != '=' && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    std::string key(s.substr(key_begin, i - key_begin));
    std::string sep;
    while (i < s.size() && (std::isspace(static_cast<unsigned char>(s[i])) || s[i] == '=')) sep += s[i++];
    std::string raw, value;
    if (i < s.size() && s[i] == '\'') {
      raw += s[i++];
      while (i < s.size() && s[i] != '\'') {
        if (s[i] == '\\' && i + 1 < s.size()) { raw += s[i]; value += s[i + 1]; raw += s[i + 1]; i += 2; continue; }
        value += s[i]; raw += s[i++];
      }
      if (i < s.size()) raw += s[i++];
    } else {
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) { value += s[i]; raw += s[i++]; }
    }
    if (key.empty()) continue;
    if (key == "schema") { u.schema = value; u.removed_params.push_back(key); continue; }
    if (is_prisma_only(key)) { u.removed_params.push_back(key); continue; }
    conninfo += key + sep + raw;
    if (is_secret(key)) {
      add_secret(u, value);
      add_secret(u, raw);
      redacted += key + sep + std::string(kMask);
    } else {
      redacted += key + sep + raw;
    }
  }
  u.conninfo = conninfo;
  u.redacted = redacted;
  return u;
}

}  // namespace

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string DatabaseUrl::redact(std::string_view text) const {
  std::string out(text);
  // Longest first, so a decoded password that contains the encoded one is masked whole.
  std::vector<std::string> by_length = secrets;
  std::sort(by_length.begin(), by_length.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const std::string& secret : by_length) {
    for (size_t pos = 0; (pos = out.find(secret, pos)) != std::string::npos;) {
      out.replace(pos, secret.size(), kMask);
      pos += kMask.size();
    }
  }
  return out;
}

DatabaseUrl parse_database_url(std::string_view url) {
  size_t scheme_end = url.find("://");
  std::string_view scheme = scheme_end == std::string_view::npos ? std::string_view() : url.substr(0, scheme_end);
  if (scheme != "postgresql" && scheme != "postgres") return parse_keyword_string(url);

  DatabaseUrl u;
  std::string_view rest = url.substr(scheme_end + 3);
  size_t query_at = rest.find('?');
  std::string_view query = query_at == std::string_view::npos ? std::string_view() : rest.substr(query_at + 1);
  std::string_view before_query = rest.substr(0, query_at);
  size_t path_at = before_query.find('/');
  std::string_view authority = before_query.substr(0, path_at);
  std::string_view path = path_at == std::string_view::npos ? std::string_view() : before_query.substr(path_at);

  // userinfo ends at the last '@' of the authority (a password may contain an unencoded '@').
  std::string authority_shown(authority);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    size_t colon = userinfo.find(':');
    if (colon != std::string_view::npos) {
      std::string_view password = userinfo.substr(colon + 1);
      add_secret(u, std::string(password));
      add_secret(u, percent_decode(password));
      authority_shown = std::string(userinfo.substr(0, colon + 1)) + std::string(kMask) +
                        std::string(authority.substr(at));
    }
  }

  std::string kept_query, shown_query;
  size_t pos = 0;
  while (pos <= query.size() && !query.empty()) {
    size_t amp = query.find('&', pos);
    std::string_view param = query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    pos = amp == std::string_view::npos ? query.size() + 1 : amp + 1;
    if (param.empty()) continue;
    size_t eq = param.find('=');
    std::string key = percent_decode(param.substr(0, eq));
    std::string value = eq == std::string_view::npos ? std::string() : percent_decode(param.substr(eq + 1));
    if (key == "schema") {
      if (!value.empty()) u.schema = value;
      u.removed_params.push_back(key);
      continue;
    }
    if (is_prisma_only(key)) { u.removed_params.push_back(key); continue; }
    std::string shown(param);
    if (is_secret(key)) {
      add_secret(u, std::string(param.substr(eq == std::string_view::npos ? param.size() : eq + 1)));
      add_secret(u, value);
      shown = key + "=" + std::string(kMask);
    }
    kept_query += (kept_query.empty() ? "" : "&") + std::string(param);
    shown_query += (shown_query.empty() ? "" : "&") + shown;
  }
  std::string head = std::string(scheme) + "://";
  u.conninfo = head + std::string(authority) + std::string(path) + (kept_query.empty() ? "" : "?" + kept_query);
  u.redacted = head + authority_shown + std::string(path) + (shown_query.empty() ? "" : "?" + shown_query);
  return u;
}

}  // namespace sg::live
