#pragma once
// A Prisma DATABASE_URL made fit for libpq, and its printable form. Prisma adds query parameters libpq
// rejects (`?schema=`, `connection_limit`, `pgbouncer`, ...): they are removed before connecting and
// `schema` becomes the schema of `_prisma_migrations`. The password is kept only to redact it from every
// message that could quote it; nothing printable ever holds it.
#include <string>
#include <string_view>
#include <vector>

namespace sg::live {

struct DatabaseUrl {
  std::string conninfo;   // what libpq gets (URL or key=value string); holds the password: never print it
  std::string redacted;   // the same with the password replaced by "****": safe to print
  std::string schema = "public";
  std::vector<std::string> removed_params;  // Prisma-only parameters that were stripped
  std::vector<std::string> secrets;         // password as written and decoded, for redact()

  // Replaces every occurrence of a secret in `text` by "****".
  std::string redact(std::string_view text) const;
};

// Never fails: a string libpq cannot use is reported by the connection attempt (with the secret redacted).
DatabaseUrl parse_database_url(std::string_view url);

std::string percent_decode(std::string_view s);

}  // namespace sg::live
