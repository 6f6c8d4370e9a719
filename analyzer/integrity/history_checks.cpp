#include "analyzer/integrity/history_checks.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <system_error>

namespace sg::integrity {
namespace fs = std::filesystem;

namespace {

// Prisma refuses migration names longer than this (P3010).
constexpr size_t kMaxMigrationNameBytes = 200;
constexpr size_t kTimestampDigits = 14;

size_t leading_digits(std::string_view name) {
  size_t n = 0;
  while (n < name.size() && std::isdigit(static_cast<unsigned char>(name[n]))) ++n;
  return n;
}

int two_digits(std::string_view s, size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

// YYYYMMDDHHMMSS with a plausible month, day, hour, minute and second.
bool valid_timestamp(std::string_view ts) {
  if (ts.size() != kTimestampDigits) return false;
  int month = two_digits(ts, 4), day = two_digits(ts, 6), hour = two_digits(ts, 8), minute = two_digits(ts, 10),
      second = two_digits(ts, 12);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

// Why a folder name is not what `prisma migrate dev` generates, or empty when it is.
std::string name_problem(std::string_view name) {
  size_t digits = leading_digits(name);
  if (digits == 0) return "does not start with a timestamp";
  if (digits != kTimestampDigits)
    return "starts with a " + std::to_string(digits) + "-digit number instead of a 14-digit YYYYMMDDHHMMSS timestamp";
  if (!valid_timestamp(name.substr(0, digits))) return "starts with `" + std::string(name.substr(0, digits)) +
                                                       "`, which is not a valid YYYYMMDDHHMMSS date and time";
  if (digits == name.size() || name[digits] != '_') return "has no `_` after the timestamp";
  std::string_view slug = name.substr(digits + 1);
  if (slug.empty()) return "has an empty name after the timestamp";
  for (char c : slug)
    if (std::isspace(static_cast<unsigned char>(c)))
      return "contains whitespace (a copied folder such as `… copy`?)";
  return {};
}

}  // namespace

std::string migration_display_path(const Migration& m) {
  return fs::path(m.file ? m.file->path() : migration_file_path(m)).parent_path().generic_string();
}

Finding make_finding(std::string rule, Severity severity, Location where, std::string message, std::string help,
                     std::string migration) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = severity;
  f.location = std::move(where);
  f.message = std::move(message);
  f.help = std::move(help);
  f.migration = std::move(migration);
  finalize_fingerprint(f);
  return f;
}

bool is_postgres_provider(std::string_view p) { return p == "postgresql" || p == "postgres"; }

LockCheck check_lock_file(const MigrationHistory& h, const std::optional<std::string>& schema_provider) {
  LockCheck out;
  if (h.root_missing) return out;
  std::string lock_path = display_path(h.lock.path.empty() ? h.root / "migration_lock.toml" : h.lock.path);
  if (!h.lock.present) {
    out.findings.push_back(make_finding(
        "lock-file-missing", Severity::Warning, make_location(lock_path),
        "the migrations folder has no migration_lock.toml; Prisma cannot tell which database the history was "
        "written for",
        "Add migration_lock.toml with `provider = \"postgresql\"` (prisma migrate dev writes it) and commit it."));
    return out;
  }
  bool unparseable = std::any_of(h.findings.begin(), h.findings.end(),
                                 [](const Finding& f) { return f.rule == "lock-file-invalid" || f.rule == "unreadable-file"; });
  Location at = h.lock.file ? make_location(h.lock.file, {0, static_cast<uint32_t>(h.lock.file->size())})
                            : make_location(lock_path);
  if (!h.lock.provider) {
    if (!unparseable)
      out.findings.push_back(make_finding("lock-file-invalid", Severity::Error, at,
                                          "migration_lock.toml has no `provider` entry",
                                          "Restore the file Prisma writes: provider = \"postgresql\"."));
    return out;
  }
  const std::string& provider = *h.lock.provider;
  if (h.lock.file) {
    auto pos = h.lock.file->text().find(provider);
    if (pos != std::string::npos) at = make_location(h.lock.file, {static_cast<uint32_t>(pos),
                                                                   static_cast<uint32_t>(pos + provider.size())});
  }
  if (!is_postgres_provider(provider)) {
    out.unsupported_provider = provider;
    out.findings.push_back(make_finding(
        "unsupported-provider", Severity::Error, at,
        "the migration history was written for `" + provider + "`; schemagate only analyzes PostgreSQL histories",
        "Run schemagate on PostgreSQL projects only (provider = \"postgresql\")."));
    return out;
  }
  if (schema_provider && !schema_provider->empty() &&
      !(is_postgres_provider(*schema_provider) && is_postgres_provider(provider))) {
    out.findings.push_back(make_finding(
        "provider-mismatch", Severity::Error, at,
        "migration_lock.toml says `" + provider + "` but the schema's datasource uses `" + *schema_provider +
            "`; prisma migrate refuses to run (P3019)",
        "Keep the datasource provider and the lock file in step; to switch databases, start a new migration "
        "history for the new provider."));
  }
  return out;
}

std::vector<Finding> check_history_shape(const MigrationHistory& h) {
  std::vector<Finding> out;
  std::map<std::string, std::vector<const Migration*>> by_timestamp;
  for (const Migration& m : h.migrations) {
    std::string where = migration_display_path(m);
    if (m.name.size() > kMaxMigrationNameBytes) {
      out.push_back(make_finding(
          "migration-name-too-long", Severity::Error, make_location(where),
          "migration folder name is " + std::to_string(m.name.size()) +
              " bytes long; Prisma refuses names over 200 bytes (P3010)",
          "Rename the folder to a shorter name (before it is applied anywhere), e.g. `<timestamp>_<short_slug>`.",
          m.name));
    }
    if (std::string why = name_problem(m.name); !why.empty()) {
      out.push_back(make_finding(
          "migration-name-format", Severity::Warning, make_location(where),
          "migration folder `" + m.name + "` " + why +
              "; Prisma still applies it, in byte order of the names, which may not be the order it was written in",
          "Name new migrations `YYYYMMDDHHMMSS_name` (let `prisma migrate dev --create-only` pick the name); do "
          "not rename folders that are already applied.",
          m.name));
    }
    if (size_t digits = leading_digits(m.name); digits > 0) by_timestamp[m.name.substr(0, digits)].push_back(&m);
    if (m.readable && m.file && is_effectively_empty_sql(m.file->text())) {
      out.push_back(make_finding(
          "empty-migration", Severity::Warning, make_location(m.file, {0, static_cast<uint32_t>(m.file->size())}),
          "migration.sql contains no statement; it is recorded as applied without changing anything",
          "Delete the folder if it was created by mistake (only if it was never applied), or add the intended SQL.",
          m.name));
    }
    // Prisma reads only migration.sql: anything else in the folder never reaches the database.
    for (const std::string& file : m.other_files) {
      out.push_back(make_finding(
          "stray-file", Severity::Warning, make_location(where + "/" + file),
          "`" + file + "` in migration `" + m.name + "` is never run; Prisma only executes migration.sql",
          "Move the SQL into migration.sql or into a new migration, or move the file out of the migrations folder.",
          m.name));
    }
  }
  for (const auto& [ts, ms] : by_timestamp) {
    if (ms.size() < 2) continue;
    for (size_t i = 1; i < ms.size(); ++i) {
      Finding f = make_finding(
          "duplicate-migration-timestamp", Severity::Warning, make_location(migration_display_path(*ms[i])),
          "migrations `" + ms[0]->name + "` and `" + ms[i]->name + "` share the timestamp " + ts +
              "; their order depends only on the rest of the name",
          "Give the later migration a later timestamp before it is applied anywhere (usually two branches created "
          "migrations at the same moment: rebase and recreate one of them).",
          ms[i]->name);
      f.related.push_back({make_location(migration_display_path(*ms[0])), "same timestamp"});
      out.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace sg::integrity
