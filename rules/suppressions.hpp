#pragma once
// Inline suppressions:
//   -- schemagate-ignore rule-a, rule-b: reason      (the next statement)
//   -- schemagate-ignore-file rule-a: reason         (the whole file; `all` matches every rule)
#include <span>
#include <string>
#include <vector>

#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"
#include "rules/file_facts.hpp"

namespace sg::rules {

struct Suppression {
  std::vector<std::string> rules;
  bool whole_file = false;
  Span comment;           // where the comment is
  Span target;            // the statement it covers (whole_file: the file)
  bool used = false;
};

// The suppressions among `comments` (the file's, or at least all of its suppression comments), each aimed at the
// statement after it (from `facts`, the file's statements).
std::vector<Suppression> collect_suppressions(const Migration& m, std::span<const sql::SqlComment> comments,
                                              const FileFacts& facts);
// True when the comment is a suppression (`schemagate-ignore…`): what a caller keeps of a file's comments.
bool is_suppression(const sql::SqlComment& c);

// Removes suppressed findings of `m` from `findings` and appends an `unused-ignore` finding for each
// suppression that matched nothing.
void apply_suppressions(const Migration& m, std::vector<Suppression>& sups, std::vector<Finding>& findings);

}  // namespace sg::rules
