#pragma once
// One factory per rule file; rules/registry.cpp lists them.
#include "rules/rule.hpp"

namespace sg::rules {
RuleInfo add_required_column_without_default();
RuleInfo create_index_not_concurrently();
RuleInfo drop_column();
RuleInfo drop_table();
}  // namespace sg::rules
