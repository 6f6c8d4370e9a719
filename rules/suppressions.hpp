#pragma once
// Inline suppressions:
//   -- schemagate-ignore rule-a, rule-b: reason      (the next statement)
//   -- schemagate-ignore-file rule-a: reason         (the whole file; `all` matches every rule)
#include <string>
#include <vector>

#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"

namespace sg::rules {

struct Suppression {
  std::vector<std::string> rules;
  bool whole_file = false;
  Span comment;           // where the comment is
  Span target;            // the statement it covers (whole_file: the file)
  bool used = false;
};

std::vector<Suppression> collect_suppressions(const Migration& m);

// Removes suppressed findings of `m` from `findings` and appends an `unused-ignore` finding for each
// suppression that matched nothing.
void apply_suppressions(const Migration& m, std::vector<Suppression>& sups, std::vector<Finding>& findings);

}  // namespace sg::rules
