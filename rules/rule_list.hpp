#pragma once
// One factory per rule file; rules/registry.cpp lists them.
#include "rules/rule.hpp"

namespace sg::rules {
RuleInfo add_required_column_without_default();
RuleInfo create_index_not_concurrently();
RuleInfo drop_column();
RuleInfo drop_table();
RuleInfo add_check_without_not_valid();
RuleInfo add_column_volatile_default();
RuleInfo add_foreign_key_without_not_valid();
RuleInfo add_primary_key();
RuleInfo add_unique_constraint();
RuleInfo ban_char_type();
RuleInfo column_type_rewrite();
RuleInfo concurrently_in_transaction();
RuleInfo delete_or_update_without_where();
RuleInfo drop_enum_value();
RuleInfo drop_index_not_concurrently();
RuleInfo drop_schema();
RuleInfo enum_value_used_in_same_transaction();
RuleInfo foreign_key_without_index();
RuleInfo identifier_too_long();
RuleInfo missing_lock_timeout();
RuleInfo narrowing_type_change();
RuleInfo non_transactional_statement();
RuleInfo prefer_bigint_id();
RuleInfo prefer_identity();
RuleInfo prefer_jsonb();
RuleInfo prefer_timestamptz();
RuleInfo prisma_m2m_pk_upgrade();
RuleInfo prisma_warnings();
RuleInfo refresh_materialized_view_not_concurrently();
RuleInfo reindex_not_concurrently();
RuleInfo rename_as_drop_and_add();
RuleInfo rename_column();
RuleInfo rename_table();
RuleInfo set_not_null();
RuleInfo statements_after_access_exclusive();
RuleInfo table_without_primary_key();
RuleInfo transaction_nesting();
RuleInfo truncate();
RuleInfo uncommitted_transaction();
RuleInfo vacuum_full_or_cluster();
}  // namespace sg::rules
