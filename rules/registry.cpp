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
        add_check_without_not_valid(),
        add_column_volatile_default(),
        add_foreign_key_without_not_valid(),
        add_primary_key(),
        add_unique_constraint(),
        ban_char_type(),
        column_type_rewrite(),
        concurrently_in_transaction(),
        delete_or_update_without_where(),
        drop_enum_value(),
        drop_index_not_concurrently(),
        drop_schema(),
        enum_value_used_in_same_transaction(),
        foreign_key_without_index(),
        identifier_too_long(),
        missing_lock_timeout(),
        narrowing_type_change(),
        non_transactional_statement(),
        prefer_bigint_id(),
        prefer_identity(),
        prefer_jsonb(),
        prefer_timestamptz(),
        prisma_m2m_pk_upgrade(),
        prisma_warnings(),
        refresh_materialized_view_not_concurrently(),
        reindex_not_concurrently(),
        rename_as_drop_and_add(),
        rename_column(),
        rename_table(),
        set_not_null(),
        statements_after_access_exclusive(),
        table_without_primary_key(),
        transaction_nesting(),
        truncate(),
        uncommitted_transaction(),
        vacuum_full_or_cluster(),
    };
    std::sort(v.begin(), v.end(), [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
    return v;
  }();
  return rules;
}

}  // namespace sg::rules
