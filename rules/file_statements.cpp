#include "rules/file_statements.hpp"

#include <algorithm>

#include "analyzer/effects/transaction.hpp"

namespace sg::rules {

FileStatements::FileStatements(const sql::ParsedFile& file, const catalog::Catalog& start, int pg_version)
    : file_(file), start_(start), pg_version_(pg_version), at_start_(file.statements.size()) {
  for (uint32_t i = 0; i < file.statements.size(); ++i) {
    const auto& body = file.statements[i].body;
    const sql::QualifiedName* table = nullptr;
    if (const auto* ct = std::get_if<sql::CreateTable>(&body)) table = &ct->name;
    else if (const auto* at = std::get_if<sql::AlterTable>(&body)) table = &at->name;
    else if (const auto* ci = std::get_if<sql::CreateIndex>(&body)) table = &ci->table;
    if (table) by_table_[table->name].push_back(i);
    if (std::holds_alternative<sql::CreateIndex>(body)) indexes_by_table_[table->name].push_back(i);
    const auto* add = std::get_if<sql::AlterEnum>(&body);
    if (add && !add->new_value.empty() && add->old_value.empty()) {
      enum_additions_.push_back(i);
      enum_additions_by_value_[add->new_value].push_back(i);
      if (add->new_value.find('\'') != std::string::npos) quoted_enum_additions_.push_back(i);
    }
  }
  transaction_start_.resize(file.statements.size());
  uint32_t start_of_transaction = 0;
  for (uint32_t i = 0; i < file.statements.size(); ++i) {
    transaction_start_[i] = start_of_transaction;
    if (effects::ends_transaction(file.statements[i])) start_of_transaction = i + 1;
  }
}

namespace {
// The positions of `positions` (in file order) that lie in [from, i): those before statement i in its transaction.
std::span<const uint32_t> between(const std::vector<uint32_t>& positions, uint32_t from, uint32_t i) {
  auto first = std::lower_bound(positions.begin(), positions.end(), from);
  return {first, std::lower_bound(first, positions.end(), i)};
}
}  // namespace

std::span<const uint32_t> FileStatements::enum_additions_before(uint32_t i) const {
  if (i >= transaction_start_.size()) return {};
  return between(enum_additions_, transaction_start_[i], i);
}

std::optional<uint32_t> FileStatements::latest_enum_addition(std::string_view value, uint32_t i) const {
  auto added = enum_additions_by_value_.find(value);
  if (added == enum_additions_by_value_.end() || i >= transaction_start_.size()) return std::nullopt;
  std::span<const uint32_t> in_transaction = between(added->second, transaction_start_[i], i);
  if (in_transaction.empty()) return std::nullopt;
  return in_transaction.back();
}

std::vector<uint32_t> FileStatements::quoted_enum_additions_before(uint32_t i) const {
  if (i >= transaction_start_.size()) return {};
  std::span<const uint32_t> in_transaction = between(quoted_enum_additions_, transaction_start_[i], i);
  return {in_transaction.rbegin(), in_transaction.rend()};
}

namespace {
const std::vector<uint32_t>& positions_of(const std::unordered_map<std::string, std::vector<uint32_t>>& by_name,
                                          std::string_view name) {
  static const std::vector<uint32_t> kNone;
  auto it = by_name.find(std::string(name));
  return it == by_name.end() ? kNone : it->second;
}
}  // namespace

const std::vector<uint32_t>& FileStatements::on_table(std::string_view name) const {
  return positions_of(by_table_, name);
}

const std::vector<uint32_t>& FileStatements::indexes_on(std::string_view name) const {
  return positions_of(indexes_by_table_, name);
}

const effects::StatementEffects& FileStatements::effects_at_start(uint32_t i) const {
  std::optional<effects::StatementEffects>& e = at_start_.at(i);
  if (!e) e = effects::effects_of(file_.statements[i], start_, pg_version_);
  return *e;
}

}  // namespace sg::rules
