#include "rules/file_facts.hpp"

#include <algorithm>

namespace sg::rules {

const effects::TableEffect* blocking_lock_on_existing(const effects::StatementEffects& e, const catalog::Catalog& start) {
  for (const auto& t : e.tables)
    if (effects::blocks_writes(t.mode) && start.table(t.schema, t.name)) return &t;
  return nullptr;
}

const effects::TableEffect* exclusive_lock_on_existing(const effects::StatementEffects& e, const catalog::Catalog& start) {
  for (const auto& t : e.tables)
    if (t.mode == effects::LockMode::AccessExclusive && start.table(t.schema, t.name)) return &t;
  return nullptr;
}

bool is_slow_on_existing(const sql::Statement& st, const effects::StatementEffects& e, const catalog::Catalog& start) {
  if (std::holds_alternative<sql::Update>(st.body) || std::holds_alternative<sql::Delete>(st.body)) return true;
  if (const auto* ins = std::get_if<sql::Insert>(&st.body); ins && ins->has_select) return true;
  for (const auto& t : e.tables)
    if ((t.scan || t.rewrite) && start.table(t.schema, t.name)) return true;
  return false;
}

bool sets_lock_timeout(const sql::Statement& st) {
  const auto* s = std::get_if<sql::SetVariable>(&st.body);
  return s && s->name == "lock_timeout" && !s->reset && !s->values.empty() && s->values[0] != "0";
}

namespace {

std::string schema_of(const sql::QualifiedName& n) { return n.schema.empty() ? "public" : n.schema; }

// A USING expression that is the column itself, cast or not (Prisma's `"c"::text::"T_new"`), converts nothing.
bool converts_values(const sql::Expr& using_expr) {
  const sql::Expr* e = &using_expr;
  while (e->kind == sql::ExprKind::TypeCast && !e->args.empty()) e = &e->args[0];
  return e->kind != sql::ExprKind::ColumnRef;
}

template <class Map>
const typename Map::mapped_type* find_in(const Map& map, std::string_view name) {
  auto it = map.find(name);
  return it == map.end() ? nullptr : &it->second;
}

// The positions in `indices` (ascending statement indices) that lie in [from, to).
std::span<const uint32_t> between(const std::vector<uint32_t>& indices, uint32_t from, uint32_t to) {
  auto first = std::lower_bound(indices.begin(), indices.end(), from);
  return {first, std::lower_bound(first, indices.end(), to)};
}

std::optional<uint32_t> first_after(const std::vector<uint32_t>& indices, uint32_t i) {
  auto it = std::upper_bound(indices.begin(), indices.end(), i);
  if (it == indices.end()) return std::nullopt;
  return *it;
}

}  // namespace

void FileFacts::add(const sql::Statement& st) {
  const uint32_t i = size();
  effects::TransactionContext tx = tracker_.next(st);
  facts_.push_back({st.span, transaction_start_, tx.explicit_block, tx.explicit_nested});
  if (effects::ends_transaction(st)) {
    transaction_ends_.push_back(i);
    transaction_start_ = i + 1;
  }
  unsplittable_ = unsplittable_ || effects::defeats_prisma_splitter(st);

  if (const auto* alter = std::get_if<sql::AlterTable>(&st.body)) {
    for (const auto& cmd : alter->commands) {
      if (cmd.kind == sql::AlterKind::AddConstraint && cmd.constraint &&
          cmd.constraint->kind == sql::ConstraintKind::PrimaryKey)
        primary_keys_added_[alter->name.name].push_back({i, alter->name.schema});
      if (cmd.kind == sql::AlterKind::AddColumn && cmd.column)
        added_columns_[alter->name.name].push_back(
            {schema_of(alter->name), cmd.column->name, effects::from_type_name(cmd.column->type)});
      if (cmd.kind == sql::AlterKind::AlterColumnType && cmd.column && cmd.expr && !cmd.column->type.names.empty() &&
          converts_values(*cmd.expr))
        conversions_[cmd.column->type.names.back()].push_back(i);
    }
  } else if (const auto* index = std::get_if<sql::CreateIndex>(&st.body); index && !index->where) {
    std::vector<std::string> columns;
    for (const auto& k : index->keys) columns.push_back(k.column);
    indexes_[index->table.name].push_back({schema_of(index->table), std::move(columns)});
  } else if (std::holds_alternative<sql::Update>(st.body) || std::holds_alternative<sql::Delete>(st.body)) {
    updates_and_deletes_.push_back(i);
  } else if (const auto* add = std::get_if<sql::AlterEnum>(&st.body);
             add && !add->new_value.empty() && add->old_value.empty()) {
    enum_additions_.push_back({i, add->new_value, add->name});
    enum_additions_by_value_[add->new_value].push_back(i);
    if (add->new_value.find('\'') != std::string::npos) quoted_enum_additions_.push_back(i);
  }

  // The lock facts, on the catalog the file started from (the same for every statement of the file).
  effects::StatementEffects at_start = effects::effects_of(st, start_, pg_version_);
  if (!first_timeout_or_blocking_ && (sets_lock_timeout(st) || blocking_lock_on_existing(at_start, start_)))
    first_timeout_or_blocking_ = i;
  if (exclusive_lock_on_existing(at_start, start_)) exclusive_locks_.push_back(i);
  // A table dropped and created again earlier in the file is new and empty: work on it is not slow.
  std::erase_if(at_start.tables,
                [&](const effects::TableEffect& t) { return table_created_before(t.schema, t.name, i); });
  if (is_slow_on_existing(st, at_start, start_)) slow_statements_.push_back(i);
  if (const auto* ct = std::get_if<sql::CreateTable>(&st.body))
    created_tables_[ct->name.name].push_back({i, schema_of(ct->name)});
}

bool FileFacts::table_created_before(std::string_view schema, std::string_view name, uint32_t i) const {
  const auto* created = find_in(created_tables_, name);
  return created && std::any_of(created->begin(), created->end(),
                                [&](const Created& c) { return c.index < i && c.schema == schema; });
}

void FileFacts::finish(uint32_t split_count) { statements_in_file_ = std::max(split_count, size()); }

void FileFacts::add_all(const sql::ParsedFile& file) {
  facts_.reserve(file.statements.size());
  for (const auto& st : file.statements) add(st);
  finish(file.split_count);
}

std::optional<uint32_t> FileFacts::first_statement_from(uint32_t offset) const {
  auto it = std::partition_point(facts_.begin(), facts_.end(),
                                 [&](const StatementFacts& f) { return f.span.begin < offset; });
  if (it == facts_.end()) return std::nullopt;
  return static_cast<uint32_t>(it - facts_.begin());
}

effects::TransactionContext FileFacts::transaction_context(uint32_t i) const {
  const StatementFacts& f = facts_.at(i);
  effects::TransactionContext tx;
  tx.statements_in_file = statements_in_file_;
  tx.unsplittable_file = unsplittable_;
  tx.explicit_block = f.explicit_block;
  tx.explicit_nested = f.explicit_nested;
  return tx;
}

std::optional<uint32_t> FileFacts::transaction_end_after(uint32_t i) const { return first_after(transaction_ends_, i); }

bool FileFacts::primary_key_added_after(const sql::QualifiedName& table, uint32_t i) const {
  const auto* added = find_in(primary_keys_added_, table.name);
  return added && std::any_of(added->begin(), added->end(),
                              [&](const AddedKey& k) { return k.index > i && k.schema == table.schema; });
}

std::vector<const std::vector<std::string>*> FileFacts::index_columns(std::string_view schema,
                                                                      std::string_view name) const {
  std::vector<const std::vector<std::string>*> out;
  if (const auto* indexes = find_in(indexes_, name))
    for (const auto& ix : *indexes)
      if (ix.schema == schema) out.push_back(&ix.columns);
  return out;
}

std::span<const FileFacts::AddedColumn> FileFacts::added_columns(std::string_view name) const {
  const auto* added = find_in(added_columns_, name);
  if (!added) return {};
  return *added;
}

bool FileFacts::values_converted_to_after(std::string_view type, uint32_t i) const {
  const auto* at = find_in(conversions_, type);
  return at && first_after(*at, i).has_value();
}

std::span<const uint32_t> FileFacts::updates_and_deletes_before(uint32_t i) const {
  return between(updates_and_deletes_, 0, i);
}

bool FileFacts::lock_timeout_or_blocking_lock_before(uint32_t i) const {
  return first_timeout_or_blocking_ && *first_timeout_or_blocking_ < i;
}

bool FileFacts::exclusive_lock_earlier_in_transaction(uint32_t i) const {
  return !between(exclusive_locks_, facts_.at(i).transaction_start, i).empty();
}

std::optional<uint32_t> FileFacts::slow_statement_later_in_transaction(uint32_t i) const {
  std::optional<uint32_t> slow = first_after(slow_statements_, i);
  std::optional<uint32_t> end = transaction_end_after(i);
  if (!slow || (end && *end < *slow)) return std::nullopt;
  return slow;
}

namespace {
auto by_index = [](const FileFacts::EnumAddition& a, uint32_t i) { return a.index < i; };
}  // namespace

std::span<const FileFacts::EnumAddition> FileFacts::enum_additions_before(uint32_t i) const {
  const uint32_t from = facts_.at(i).transaction_start;
  auto first = std::lower_bound(enum_additions_.begin(), enum_additions_.end(), from, by_index);
  return {first, std::lower_bound(first, enum_additions_.end(), i, by_index)};
}

const FileFacts::EnumAddition* FileFacts::latest_enum_addition(std::string_view value, uint32_t i) const {
  const auto* added = find_in(enum_additions_by_value_, value);
  if (!added) return nullptr;
  std::span<const uint32_t> in_transaction = between(*added, facts_.at(i).transaction_start, i);
  if (in_transaction.empty()) return nullptr;
  return &*std::lower_bound(enum_additions_.begin(), enum_additions_.end(), in_transaction.back(), by_index);
}

std::vector<const FileFacts::EnumAddition*> FileFacts::quoted_enum_additions_before(uint32_t i) const {
  std::vector<const EnumAddition*> out;
  std::span<const uint32_t> in_transaction = between(quoted_enum_additions_, facts_.at(i).transaction_start, i);
  for (auto it = in_transaction.rbegin(); it != in_transaction.rend(); ++it)
    out.push_back(&*std::lower_bound(enum_additions_.begin(), enum_additions_.end(), *it, by_index));
  return out;
}

}  // namespace sg::rules
