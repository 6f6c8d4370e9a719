#pragma once
// A finding is data: reporters print it, rules and checks produce it. No reporter knows a rule.
#include <string>
#include <vector>

#include "analyzer/source.hpp"

namespace sg {

enum class Severity { Info = 0, Warning = 1, Error = 2 };
const char* to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view s);

struct Location {
  SourcePtr file;  // null for findings about the run itself (e.g. a missing folder)
  std::string path;  // always set; equals file->path() when file is set
  Span span;       // byte span inside file
  Range range;     // derived from span when file is set
};

Location make_location(const SourcePtr& file, Span span);
Location make_location(std::string path);  // a whole file or folder, no span

struct RelatedLocation {
  Location location;
  std::string message;
};

// What a statement costs the database: the lock it takes on a table and whether it rewrites or scans.
struct LockInfo {
  std::string table;      // quoted the way PostgreSQL prints it, e.g. "Post" or public."Post"
  std::string mode;       // "ACCESS EXCLUSIVE", "SHARE", ...
  bool rewrite = false;   // the table (and its indexes) are rewritten
  bool scan = false;      // the table is scanned while the lock is held
};

struct Finding {
  std::string rule;        // kebab-case, stable
  Severity severity = Severity::Warning;
  std::string message;     // understandable without the docs
  std::string help;        // the concrete safe alternative
  Location location;
  std::vector<RelatedLocation> related;
  std::vector<LockInfo> locks;
  std::string migration;   // the migration folder name, when the finding is in one
  std::string fingerprint; // stable across line shifts; see fingerprint_of (empty: not worked out yet)
};

// Fingerprint = sha256(rule, path, migration, normalized text of the span)[0:16], so that moving a
// statement down a file keeps the fingerprint while editing it changes the fingerprint. f.fingerprint when it
// is set, worked out otherwise.
std::string fingerprint_of(const Finding& f);
// Sets f.fingerprint.
void finalize_fingerprint(Finding& f);

// Findings sorted by path, then position, then rule: deterministic output for every reporter.
void sort_findings(std::vector<Finding>& findings);

}  // namespace sg
