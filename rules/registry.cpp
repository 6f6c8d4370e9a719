// The one place where rules are registered. Adding a rule: one file in rules/, one line here,
// one page in docs/rules/, one fixture and test.
#include <algorithm>

#include "rules/rule.hpp"
#include "rules/rule_list.hpp"

namespace sg::rules {

const std::vector<RuleInfo>& all_rules() {
  static const std::vector<RuleInfo> rules = [] {
    std::vector<RuleInfo> v = {
        add_required_column_without_default(),
        create_index_not_concurrently(),
        drop_column(),
        drop_table(),
    };
    std::sort(v.begin(), v.end(), [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
    return v;
  }();
  return rules;
}

}  // namespace sg::rules
