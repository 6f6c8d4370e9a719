#pragma once
// What the replayer carries between statements: the catalog plus the parsed sources of every expression it
// printed (defaults, checks, index keys and predicates), so that renames and type changes re-print them the
// way PostgreSQL, which stores them bound to objects rather than names, would.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/catalog/pg_expr.hpp"
#include "analyzer/replay/copy_on_write.hpp"
#include "analyzer/replay/word_index.hpp"
#include "analyzer/sql/ir.hpp"

namespace sg::replay::detail {

// An error PostgreSQL would raise: thrown by the statement handlers, turned into a replay-error finding.
struct PgError {
  std::string sqlstate;
  std::string message;
};
[[noreturn]] void raise(std::string sqlstate, std::string message);

// Where temporary tables go (removed from the catalog at the end of each migration file).
inline constexpr std::string_view kTempSchema = "pg_temp";

struct IndexSource {
  std::vector<sql::IndexElem> keys;
  std::vector<sql::IndexElem> including;
  sql::OptionalBox<sql::Expr> where;
  std::string method = "btree";
  bool unique = false;
  bool primary = false;
  bool nulls_not_distinct = false;
  std::vector<std::string> options;  // "fillfactor='90'"
};

// Copied with the table into the start-of-file state: the trees are shared until changed.
struct TableSource {
  std::map<std::string, CopyOnWrite<sql::Expr>> defaults;   // by column
  std::map<std::string, CopyOnWrite<sql::Expr>> checks;     // by constraint name
  std::map<std::string, CopyOnWrite<IndexSource>> indexes;  // by index name
};

using TableKey = std::pair<std::string, std::string>;  // schema, name

struct State {
  catalog::Catalog cat;
  std::map<TableKey, TableSource> sources;
  std::vector<std::string> search_path{"public"};
};

}  // namespace sg::replay::detail

namespace sg::replay::detail {
// What a Replayer keeps besides its catalog between migrations.
struct SideState {
  std::map<TableKey, TableSource> sources;
  std::vector<std::string> search_path{"public"};
  // The whole state as it was when the current file started. A failing file is rebuilt from it; it is
  // brought forward by applying each file a second time, which is linear, where a copy per file is not.
  State at_file_start;
  std::optional<std::set<std::string>> available_extensions;  // see Ctx
  WordIndex printed_words;                                     // see Ctx
};

// Per-transaction facts PostgreSQL checks: enum labels added by ALTER TYPE ... ADD VALUE that are not yet
// committed (55P04 when used), and enum types created in the same transaction (whose new labels are safe).
struct TxFacts {
  std::set<std::pair<TableKey, std::string>> uncommitted_labels;
  std::set<TableKey> enums_created;
  void clear() {
    uncommitted_labels.clear();
    enums_created.clear();
  }
};

// Everything a statement handler needs.
struct Ctx {
  State& st;
  TxFacts& tx;
  bool in_transaction_block = false;  // the file runs as one transaction (several statements or BEGIN)
  std::string_view source;            // the text the statement spans point into
  std::vector<std::string> notes;     // things the replay could not model (become unsupported-statement findings)
  // The extensions the server can install (pg_available_extensions), when known: CREATE EXTENSION of another
  // one fails (0A000). Unknown (null) when replaying without a server.
  const std::set<std::string>* available_extensions = nullptr;
  // What the file's statements can have changed, gathered as they run: each statement's reach_of, the tables
  // type renames and moves re-typed, and the reach of the SQL inside DO blocks. When it is all known, the
  // replay brings its start-of-file state forward by copying those tables (copy_changes).
  struct RunReach {
    std::vector<std::string> tables;  // by name, with repeats
    size_t distinct = 0;              // names in `tables` when it was last made a sorted set
    bool unknown = false;             // something reached further than tables
  };
  RunReach* run_reach = nullptr;
  // The words each table prints, for renaming or moving a type: kept for the live state while the file's reach
  // is known, by being told every name the reach gains as it gains it.
  WordIndex* printed_words = nullptr;
  // Tables of these names (in any schema) are about to change or have just changed.
  void reached(const std::vector<std::string>& names);
};

// ---- name resolution -------------------------------------------------------------------------------------
std::string creation_schema(const Ctx& c, const sql::QualifiedName& n);       // where CREATE puts it
catalog::Table* find_table(Ctx& c, const sql::QualifiedName& n);              // search_path lookup
catalog::Table& require_table(Ctx& c, const sql::QualifiedName& n);           // or 42P01
catalog::Enum* find_enum(Ctx& c, const sql::QualifiedName& n);
std::string display(const sql::QualifiedName& n);                              // for messages

// ---- PostgreSQL's generated names (makeObjectName, ChooseRelationName, ChooseConstraintName) ------------
std::string make_object_name(std::string_view name1, std::string_view name2, std::string_view label);
std::string choose_relation_name(const catalog::Catalog& cat, std::string_view schema, std::string_view name1,
                                 std::string_view name2, std::string_view label, bool is_constraint);
std::string choose_constraint_name(const catalog::Catalog& cat, std::string_view schema, std::string_view name1,
                                   std::string_view name2, std::string_view label,
                                   const std::vector<std::string>& others = {});
std::string name_addition(const std::vector<std::string>& names);  // ChooseIndexNameAddition
bool constraint_name_used(const catalog::Catalog& cat, std::string_view schema, std::string_view name);
// Column names PostgreSQL gives index keys when choosing an index name ("expr", function names, ...).
std::vector<std::string> index_column_names(const std::vector<sql::IndexElem>& keys);
// The name PostgreSQL gives an unnamed index on `t` (ChooseIndexName): its key and INCLUDE columns, then `label`.
std::string choose_index_name(const catalog::Catalog& cat, const catalog::Table& t, const std::vector<sql::IndexElem>& keys,
                              const std::vector<sql::IndexElem>& including, std::string_view label, bool is_constraint);

// ---- printing --------------------------------------------------------------------------------------------
catalog::pg::ExprContext expr_context(Ctx& c, const catalog::Table* t);
catalog::Index render_index(Ctx& c, const catalog::Table& t, const std::string& name, const IndexSource& src);
// What a change can have made print differently, when it is not the whole table: whatever prints these columns'
// types (their defaults, the checks and indexes that use them), and these parsed expressions, by the name they
// are kept under (a default's column, a check's or an index's name).
struct Reprint {
  std::vector<std::string> columns;
  std::vector<std::string> defaults, checks, indexes;
  bool empty() const { return columns.empty() && defaults.empty() && checks.empty() && indexes.empty(); }
};
// Prints the table's defaults, checks and indexes again from their parsed sources; with `only`, just those
// (generated columns always).
void rerender_table(Ctx& c, catalog::Table& t, const Reprint* only = nullptr);
// Whether the index keys, includes or filters on column `col` (by name, or in an expression).
bool index_uses_column(const TableSource* src, const catalog::Index& ix, const std::string& col);
std::string check_text(Ctx& c, const catalog::Table& t, const sql::Expr& e, bool not_valid);
sql::TypeName type_name_of(const catalog::pg::TypeRef& t);

// ---- handlers --------------------------------------------------------------------------------------------
void apply_create_table(Ctx& c, const sql::CreateTable& s);
void apply_alter_table(Ctx& c, const sql::AlterTable& s);
void apply_create_index(Ctx& c, const sql::CreateIndex& s);
void apply_drop(Ctx& c, const sql::DropObjects& s);
void apply_rename(Ctx& c, const sql::Rename& s);
void apply_set_schema(Ctx& c, const sql::AlterObjectSchema& s);
void apply_create_enum(Ctx& c, const sql::CreateEnum& s);
void apply_alter_enum(Ctx& c, const sql::AlterEnum& s);
void apply_create_extension(Ctx& c, const sql::CreateExtension& s);
void apply_create_schema(Ctx& c, const sql::CreateSchema& s);
void apply_create_sequence(Ctx& c, const sql::CreateSequence& s);
void apply_alter_sequence(Ctx& c, const sql::AlterSequence& s);
void apply_create_view(Ctx& c, const sql::CreateView& s);
void apply_create_function(Ctx& c, const sql::CreateFunction& s);
void apply_create_trigger(Ctx& c, const sql::CreateTrigger& s);
// Index storage parameters as pg_get_indexdef prints them, from reloptions' "name=value".
std::vector<std::string> printed_reloptions(const std::vector<std::string>& stored);

// Shared by CREATE TABLE and ALTER TABLE.
void add_column(Ctx& c, catalog::Table& t, const sql::ColumnDef& def, bool table_is_new);
void add_constraint(Ctx& c, catalog::Table& t, const sql::Constraint& con, const std::string& column_for_check);
void drop_table_objects(Ctx& c, const catalog::Table& t);  // owned sequences, triggers, sources
void table_renamed(Ctx& c, const TableKey& from, const TableKey& to);
TableSource& sources_of(Ctx& c, const catalog::Table& t);

// Names as a sorted set, for the many lookups of a file's reach (a file names the same tables over and over).
std::vector<std::string> sorted_names(std::vector<std::string> names);
// Appends `more` to `names`, which held `distinct` names when it was last made a sorted set, and makes it one
// again once repeats have doubled it: a long file names the same tables over and over.
void add_names(std::vector<std::string>& names, size_t& distinct, const std::vector<std::string>& more);
bool holds(const std::vector<std::string>& sorted, const std::string& name);
// The tables with one of these names, in any schema (temporary ones too).
std::vector<catalog::Table*> tables_named(catalog::Catalog& cat, const std::vector<std::string>& sorted);

}  // namespace sg::replay::detail
