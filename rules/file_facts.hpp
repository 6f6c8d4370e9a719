#pragma once
// What the rules know about the other statements of one migration file. The facts are gathered statement by
// statement in file order, and none of them points into a statement: a rule reads the IR of its own statement
// only, and the file's facts for everything before and after it. So the IR of a file need not be held whole
// while it is linted (a large file can be parsed and linted piece by piece), and rules that look elsewhere in
// the file look up what they need instead of scanning every statement (quadratic in a large file).
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/effects/column_type.hpp"
#include "analyzer/effects/effects.hpp"
#include "analyzer/effects/transaction.hpp"
#include "analyzer/sql/ir.hpp"
#include "analyzer/string_hash.hpp"

namespace sg::rules {

// The lock facts the rules share, about tables that existed when the migration started (`start`): a table
// created in the same migration has no rows and no readers.
// The table on which `e` takes a lock that blocks writes, if any.
const effects::TableEffect* blocking_lock_on_existing(const effects::StatementEffects& e, const catalog::Catalog& start);
// The table on which `e` takes ACCESS EXCLUSIVE, if any.
const effects::TableEffect* exclusive_lock_on_existing(const effects::StatementEffects& e, const catalog::Catalog& start);
// A statement that takes long: UPDATE, DELETE, INSERT … SELECT, or a scan or rewrite of such a table.
bool is_slow_on_existing(const sql::Statement& st, const effects::StatementEffects& e, const catalog::Catalog& start);
// `SET lock_timeout` to something other than 0.
bool sets_lock_timeout(const sql::Statement& st);

class FileFacts {
 public:
  // `start`: the catalog the file starts from, which stays the same while the file replays.
  FileFacts(const catalog::Catalog& start, int pg_version) : start_(start), pg_version_(pg_version) {}
  FileFacts(const FileFacts&) = delete;
  FileFacts& operator=(const FileFacts&) = delete;

  // The next statement in file order (its index is the number added so far).
  void add(const sql::Statement& st);
  // Every statement is added; `split_count` is the number of statements the scanner split the file into.
  void finish(uint32_t split_count);
  // Adds every statement of `file` and finishes.
  void add_all(const sql::ParsedFile& file);

  uint32_t size() const { return static_cast<uint32_t>(facts_.size()); }
  Span span(uint32_t i) const { return facts_.at(i).span; }
  // The first statement that starts at or after byte `offset`, if any.
  std::optional<uint32_t> first_statement_from(uint32_t offset) const;
  // The transaction state right before statement i.
  effects::TransactionContext transaction_context(uint32_t i) const;

  // True when a CREATE TABLE before statement i creates schema.name: a table dropped and created again in the
  // file is new and empty from then on.
  bool table_created_before(std::string_view schema, std::string_view name, uint32_t i) const;
  // The first COMMIT, ROLLBACK or PREPARE TRANSACTION after statement i, if any.
  std::optional<uint32_t> transaction_end_after(uint32_t i) const;
  // True when an ALTER TABLE after statement i adds a primary key to `table` (named as written).
  bool primary_key_added_after(const sql::QualifiedName& table, uint32_t i) const;
  // The key columns of every CREATE INDEX without WHERE on schema.name in the file, in file order.
  std::vector<const std::vector<std::string>*> index_columns(std::string_view schema, std::string_view name) const;
  // Every ADD COLUMN of an ALTER TABLE of a table named `name` (any schema: callers check it), in file order.
  struct AddedColumn {
    std::string schema;  // resolved (public when unqualified)
    std::string column;
    std::optional<effects::ColumnType> type;
  };
  std::span<const AddedColumn> added_columns(std::string_view name) const;
  // True when an ALTER COLUMN … TYPE to a type whose last name is `type` after statement i converts values with
  // a USING expression of its own (not the column, cast or not).
  bool values_converted_to_after(std::string_view type, uint32_t i) const;
  // The UPDATE and DELETE statements before statement i.
  std::span<const uint32_t> updates_and_deletes_before(uint32_t i) const;

  // Lock facts of each statement on the catalog the file started from (see the functions above).
  // True when a statement before i sets a lock_timeout or takes a lock that blocks writes.
  bool lock_timeout_or_blocking_lock_before(uint32_t i) const;
  // True when a statement before i in its transaction takes ACCESS EXCLUSIVE.
  bool exclusive_lock_earlier_in_transaction(uint32_t i) const;
  // The first slow statement after i in its transaction, if any.
  std::optional<uint32_t> slow_statement_later_in_transaction(uint32_t i) const;

  // ALTER TYPE … ADD VALUE statements (not RENAME VALUE).
  struct EnumAddition {
    uint32_t index;
    std::string value;
    sql::QualifiedName type;
  };
  // Those before statement i in its transaction, in file order.
  std::span<const EnumAddition> enum_additions_before(uint32_t i) const;
  // The latest of them that adds `value`, if any: a transaction that adds many values is asked about the
  // literals a statement holds, not searched for every value added before it.
  const EnumAddition* latest_enum_addition(std::string_view value, uint32_t i) const;
  // Those whose value holds a quote (its literal is not one run between two quotes), latest first.
  std::vector<const EnumAddition*> quoted_enum_additions_before(uint32_t i) const;

 private:
  struct StatementFacts {
    Span span;
    uint32_t transaction_start = 0;  // the first statement of its transaction
    bool explicit_block = false;
    bool explicit_nested = false;
  };
  template <class T>
  using ByName = std::unordered_map<std::string, std::vector<T>, StringViewHash, std::equal_to<>>;
  struct IndexColumns {
    std::string schema;
    std::vector<std::string> columns;
  };
  struct AddedKey {
    uint32_t index;
    std::string schema;  // as written
  };

  const catalog::Catalog& start_;
  int pg_version_;
  std::vector<StatementFacts> facts_;
  effects::TransactionTracker tracker_;
  uint32_t transaction_start_ = 0;
  uint32_t statements_in_file_ = 0;
  bool unsplittable_ = false;
  std::vector<uint32_t> transaction_ends_;
  ByName<AddedKey> primary_keys_added_;
  ByName<IndexColumns> indexes_;
  ByName<AddedColumn> added_columns_;
  ByName<uint32_t> conversions_;  // by type name: ALTER COLUMN … TYPE with a USING of its own
  std::vector<uint32_t> updates_and_deletes_;  // statement indices
  std::optional<uint32_t> first_timeout_or_blocking_;
  std::vector<uint32_t> exclusive_locks_;
  std::vector<uint32_t> slow_statements_;
  struct Created {
    uint32_t index;
    std::string schema;  // resolved
  };
  ByName<Created> created_tables_;  // CREATE TABLE statements, by table name
  std::vector<EnumAddition> enum_additions_;  // in file order
  ByName<uint32_t> enum_additions_by_value_;   // statement indices
  std::vector<uint32_t> quoted_enum_additions_;  // statement indices of those whose value holds a quote
};

}  // namespace sg::rules
