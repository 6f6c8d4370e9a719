#pragma once
// The typed statement IR. The SQL front end (analyzer/sql/) is the only code that sees libpg_query's
// JSON; everything downstream (replay, rules, effects) reads these structs.
//
// Identifiers are as PostgreSQL sees them after the parser: unquoted names are already folded to lower
// case, quoted names keep their case. Enum values for node kinds keep libpg_query's spelling in `raw`
// fields so nothing is lost when a kind is not modelled.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "analyzer/source.hpp"
#include "analyzer/sql/optional_box.hpp"

namespace sg::sql {

struct Expr;

// schema.name; `schema` empty when unqualified (resolved later through search_path).
struct QualifiedName {
  std::string schema;
  std::string name;
  Span span;  // where the name starts (libpg_query gives a start location only; end == begin when unknown)
  bool operator==(const QualifiedName& o) const { return schema == o.schema && name == o.name; }
};

struct TypeName {
  std::vector<std::string> names;  // {"pg_catalog","varchar"}, {"Role"}, {"public","Role"}, {"serial"}
  std::vector<Expr> typmods;       // usually integer constants: varchar(255) -> {255}
  int array_dims = 0;              // number of [] (arrayBounds)
  bool setof = false;
  bool pct_type = false;           // table.col%TYPE
  Span span;
};

enum class ExprKind {
  Const,             // A_Const: const_kind + value
  ColumnRef,         // names = fields ("*" for A_Star)
  ParamRef,          // value = number
  FuncCall,          // names = funcname; args; agg_star, agg_distinct, func_variadic
  TypeCast,          // args[0] cast to type[0]
  AExpr,             // op = A_Expr kind without prefix ("OP","OP_ANY","OP_ALL","DISTINCT","NOT_DISTINCT",
                     //   "NULLIF","IN","LIKE","ILIKE","SIMILAR","BETWEEN","NOT_BETWEEN",...);
                     // names = operator name(s) e.g. {">"} or {"pg_catalog","~~"}; args = {lexpr, rexpr}
                     // (a missing side is a Const of kind Null with `missing` set)
  BoolExpr,          // op = "AND" | "OR" | "NOT"; args
  NullTest,          // op = "IS_NULL" | "IS_NOT_NULL"; args[0]
  BooleanTest,       // op = "IS_TRUE" | "IS_NOT_TRUE" | "IS_FALSE" | ... ; args[0]
  ArrayExpr,         // A_ArrayExpr: ARRAY[args]
  SqlValueFunction,  // value = op without prefix: "CURRENT_TIMESTAMP", "CURRENT_DATE", "LOCALTIMESTAMP",
                     //   "CURRENT_USER", ...; typmod = precision or -1
  CaseExpr,          // args = {arg-or-missing, when1, when2, ..., default-or-missing}
  CaseWhen,          // args = {expr, result}
  Coalesce,          // args
  MinMax,            // op = "GREATEST" | "LEAST"; args
  SubLink,           // op = sublink type ("EXISTS","ANY","EXPR",...); args = {testexpr?}; raw text kept
  RowExpr,           // args
  Indirection,       // args[0] with subscripts/fields (kept as raw)
  Collate,           // args[0] COLLATE names
  List,              // a parenthesised list, e.g. IN (1,2,3): args
  Other,             // anything else: value = node name, raw = source text
};

enum class ConstKind { Integer, Float, String, Boolean, Null, BitString };

struct Expr {
  ExprKind kind = ExprKind::Other;
  ConstKind const_kind = ConstKind::Null;  // for Const
  bool missing = false;                    // placeholder for an absent operand
  std::string value;                       // Const literal (unescaped), node name for Other, SubLink/etc detail
  std::string op;                          // see ExprKind
  std::vector<std::string> names;          // see ExprKind
  std::vector<Expr> args;
  std::vector<TypeName> type;              // TypeCast target (size 1)
  bool agg_star = false;
  bool agg_distinct = false;
  bool func_variadic = false;
  int32_t typmod = -1;
  Span span;        // begins at the node's location; end is best effort (end of the enclosing clause)
  std::string raw;  // source text of the node for SubLink, Indirection and Other (parts not modelled)
  bool func_extra_clauses = false;  // FuncCall with OVER/FILTER/ORDER BY/WITHIN GROUP (kept whole in `raw`)
};

// ---------------------------------------------------------------------------------------------------------
// Constraints (column-level and table-level, CREATE TABLE and ALTER TABLE ADD CONSTRAINT)

enum class ConstraintKind {
  Null, NotNull, Default, Check, PrimaryKey, Unique, ForeignKey, Exclusion, Identity, Generated,
  AttrDeferrable, AttrNotDeferrable, AttrDeferred, AttrImmediate, Other
};

struct IndexElem;

struct Constraint {
  ConstraintKind kind = ConstraintKind::Other;
  std::string raw_kind;                  // "CONSTR_PRIMARY", ...
  std::string name;                      // conname, may be empty
  std::vector<std::string> keys;         // PK/UNIQUE columns
  std::vector<std::string> including;    // INCLUDE (...)
  OptionalBox<Expr> expr;                // CHECK / DEFAULT / GENERATED expression
  std::string index_name;                // ... USING INDEX name
  std::string access_method;             // EXCLUDE USING ...
  OptionalBox<Expr> where;               // EXCLUDE ... WHERE
  std::vector<IndexElem> exclusion_keys;  // EXCLUDE (key WITH op, ...): the keys of its index
  std::vector<std::vector<std::string>> exclusion_ops;  // ... and each key's operator name parts
  std::vector<std::string> options;      // WITH (...) storage parameters of the constraint's index (see CreateIndex)
  bool nulls_not_distinct = false;
  // FOREIGN KEY
  QualifiedName ref_table;
  std::vector<std::string> fk_columns;
  std::vector<std::string> ref_columns;
  char on_delete = 'a';                  // PostgreSQL's codes: a NO ACTION, r RESTRICT, c CASCADE, n SET NULL, d SET DEFAULT
  char on_update = 'a';
  char match_type = 's';                 // s SIMPLE, f FULL, p PARTIAL
  // Common
  bool deferrable = false;
  bool initially_deferred = false;
  bool not_valid = false;                // skip_validation (NOT VALID)
  bool no_inherit = false;
  char generated_when = 0;               // 'a' ALWAYS, 'd' BY DEFAULT (identity); 's' for GENERATED ... STORED
  Span span;
};

struct ColumnDef {
  std::string name;
  TypeName type;
  std::vector<Constraint> constraints;
  std::string collation;  // COLLATE "C" -> "C" (last name part)
  Span span;
};

// ---------------------------------------------------------------------------------------------------------
// Statements

struct CreateTable {
  QualifiedName name;
  std::vector<ColumnDef> columns;
  std::vector<Constraint> constraints;   // table constraints, in order
  std::vector<QualifiedName> inherits;
  std::vector<QualifiedName> like;       // LIKE other (options ignored)
  bool if_not_exists = false;
  bool temporary = false;
  bool unlogged = false;
  bool partitioned = false;              // PARTITION BY ...
  bool is_partition = false;             // PARTITION OF ...
  bool as_select = false;                // CREATE TABLE ... AS (CreateTableAsStmt with OBJECT_TABLE)
};

enum class AlterKind {
  AddColumn, DropColumn, AlterColumnType, SetDefault, DropDefault, SetNotNull, DropNotNull,
  AddConstraint, DropConstraint, ValidateConstraint, AlterConstraint,
  AddIdentity, SetIdentity, DropIdentity, DropExpression, SetStatistics, SetStorage, SetCompression,
  ClusterOn, SetLogged, SetUnlogged, EnableTrigger, DisableTrigger, EnableRowSecurity, DisableRowSecurity,
  ForceRowSecurity, NoForceRowSecurity, ReplicaIdentity, OwnerTo, SetTablespace, SetOptions, ResetOptions,
  AttachPartition, DetachPartition, Inherit, NoInherit, Other
};

struct AlterTableCmd {
  AlterKind kind = AlterKind::Other;
  std::string raw_kind;                  // "AT_AddColumn", ...
  std::string name;                      // column or constraint name the command targets
  OptionalBox<ColumnDef> column;         // AddColumn; AlterColumnType (type + optional `using` in column->constraints? no: see using_expr)
  OptionalBox<Constraint> constraint;    // AddConstraint, AlterConstraint
  OptionalBox<Expr> expr;                // SetDefault value; AlterColumnType USING expression
  std::string collation;                 // AlterColumnType ... COLLATE
  bool cascade = false;                  // DROP ... CASCADE
  bool missing_ok = false;               // IF EXISTS / IF NOT EXISTS
  Span span;
};

struct AlterTable {
  QualifiedName name;
  std::string object_kind;               // "TABLE", "INDEX", "VIEW", "MATVIEW", "SEQUENCE", "FOREIGN_TABLE", "TYPE"
  std::vector<AlterTableCmd> commands;
  bool if_exists = false;
  bool only = false;                     // ALTER TABLE ONLY
};

struct DropObjects {
  std::string object_kind;               // "TABLE", "INDEX", "TYPE", "SCHEMA", "VIEW", "MATVIEW", "SEQUENCE",
                                         // "FUNCTION", "TRIGGER", "EXTENSION", "POLICY", "DOMAIN", ...
  std::vector<QualifiedName> names;      // for TRIGGER/POLICY/RULE: schema = table's schema, name = object,
                                         // and `on_tables` holds the table
  std::vector<QualifiedName> on_tables;
  std::vector<std::string> function_args; // DROP FUNCTION f(int, text): per name, the argument list text
  bool cascade = false;
  bool if_exists = false;
  bool concurrently = false;
};

struct IndexElem {
  std::string column;                    // plain column key, or empty when `expr` is set
  OptionalBox<Expr> expr;
  std::string collation;
  std::vector<std::string> opclass;      // {"text_pattern_ops"} or {"public","gin_trgm_ops"}
  std::string ordering;                  // "", "ASC", "DESC"
  std::string nulls_ordering;            // "", "FIRST", "LAST"
  Span span;
};

struct CreateIndex {
  std::string name;                      // may be empty (PostgreSQL picks one)
  QualifiedName table;
  std::string method;                    // "btree" when unspecified
  std::vector<IndexElem> keys;
  std::vector<IndexElem> including;
  OptionalBox<Expr> where;
  bool unique = false;
  bool concurrently = false;
  bool if_not_exists = false;
  bool nulls_not_distinct = false;
  bool only = false;
  // WITH (...) storage parameters as PostgreSQL stores them in reloptions: "name=value" (e.g. "fillfactor=90").
  std::vector<std::string> options;
};

struct CreateEnum {
  QualifiedName name;
  std::vector<std::string> values;
};

struct AlterEnum {
  QualifiedName name;
  std::string old_value;                 // RENAME VALUE old TO new: old_value set
  std::string new_value;
  std::string neighbor;                  // BEFORE/AFTER neighbor
  bool after = false;
  bool if_not_exists = false;
};

struct CreateExtension {
  std::string name;
  std::string schema;                    // WITH SCHEMA
  bool if_not_exists = false;
};

struct CreateSchema {
  std::string name;
  bool if_not_exists = false;
};

struct SequenceOption {
  std::string name;                      // "as", "increment", "start", "owned_by", "cache", "minvalue", ...
  std::vector<std::string> values;       // rendered literals or names; owned_by: {"table","column"} or {"none"}
};

struct CreateSequence {
  QualifiedName name;
  std::vector<SequenceOption> options;
  bool if_not_exists = false;
};

struct AlterSequence {
  QualifiedName name;
  std::vector<SequenceOption> options;
  bool if_exists = false;
};

struct CreateView {
  QualifiedName name;
  bool replace = false;
  bool materialized = false;
  bool with_no_data = false;
  std::string query_text;                // source text of the SELECT
};

struct FunctionParam {
  std::string name;                      // may be empty
  std::string mode;                      // "IN", "OUT", "INOUT", "VARIADIC", "TABLE" (RETURNS TABLE column)
  TypeName type;
};

struct CreateFunction {
  QualifiedName name;
  std::vector<std::string> arg_types;    // argument types as written (for identity)
  std::vector<FunctionParam> params;     // every parameter, in order
  bool replace = false;
  bool is_procedure = false;
  std::string language;
};

struct CreateTrigger {
  std::string name;
  QualifiedName table;
  QualifiedName function;
  bool replace = false;
  bool constraint = false;
};

struct Rename {
  std::string object_kind;               // "TABLE","COLUMN","TABCONSTRAINT","INDEX","TYPE","SCHEMA","VIEW","SEQUENCE",
                                         // "TRIGGER","FUNCTION","ATTRIBUTE","POLICY","DOMCONSTRAINT",...
  std::string relation_kind;             // for COLUMN: "TABLE", "VIEW", ...
  QualifiedName target;                  // the relation (or object for TYPE/SCHEMA/FUNCTION)
  std::string subname;                   // old column/constraint/trigger name
  std::string new_name;
  bool if_exists = false;
};

struct AlterObjectSchema {
  std::string object_kind;               // "TABLE", "TYPE", "SEQUENCE", "VIEW", "FUNCTION", "EXTENSION", ...
  QualifiedName target;
  std::string new_schema;
  bool if_exists = false;
};

struct Comment {
  std::string object_kind;               // "TABLE", "COLUMN", ...
  std::vector<std::string> object;       // name parts
  std::optional<std::string> comment;    // nullopt for IS NULL
};

enum class TransactionKind { Begin, Start, Commit, Rollback, Savepoint, Release, RollbackTo, Prepare,
                             CommitPrepared, RollbackPrepared, Other };

struct Transaction {
  TransactionKind kind = TransactionKind::Other;
};

struct SetVariable {
  std::string name;                      // "lock_timeout", "search_path", ... (empty for RESET ALL)
  std::vector<std::string> values;       // literal values as text
  bool is_local = false;
  bool reset = false;
};

struct DoBlock {
  std::string language;                  // "plpgsql" unless given
  std::string body;
};

struct Insert { QualifiedName table; bool has_select = false; };
struct Update { QualifiedName table; bool has_where = false; };
struct Delete { QualifiedName table; bool has_where = false; };

struct Truncate {
  std::vector<QualifiedName> tables;
  bool cascade = false;
};

struct Vacuum {
  bool full = false;
  bool analyze_only = false;             // ANALYZE statement
  std::vector<QualifiedName> tables;
};

struct Cluster { QualifiedName table; std::string index; };

struct Reindex {
  std::string object_kind;               // "INDEX", "TABLE", "SCHEMA", "DATABASE", "SYSTEM"
  QualifiedName target;
  bool concurrently = false;
};

struct RefreshMaterializedView {
  QualifiedName name;
  bool concurrently = false;
  bool with_no_data = false;
};

struct Grant { bool is_grant = true; std::string object_kind; };

struct CreatePolicy { std::string name; QualifiedName table; };

struct CreateDatabase { std::string name; };

// Any statement kind that is not modelled above keeps its libpg_query node name ("AlterOwnerStmt", ...).
struct OtherStatement {
  std::string node;
  // SelectStmt with INTO (SELECT ... INTO [TEMP] name creates a table): the new table.
  std::optional<QualifiedName> select_into;
  bool select_into_temp = false;
};

using StatementBody = std::variant<
    CreateTable, AlterTable, DropObjects, CreateIndex, CreateEnum, AlterEnum, CreateExtension, CreateSchema,
    CreateSequence, AlterSequence, CreateView, CreateFunction, CreateTrigger, Rename, AlterObjectSchema, Comment,
    Transaction, SetVariable, DoBlock, Insert, Update, Delete, Truncate, Vacuum, Cluster, Reindex,
    RefreshMaterializedView, Grant, CreatePolicy, CreateDatabase, OtherStatement>;

struct Statement {
  StatementBody body;
  std::string node;   // libpg_query's node name, e.g. "CreateStmt", "AlterTableStmt"
  Span span;          // exact bytes of the statement in its file, without the trailing ';' and surrounding space
  uint32_t index = 0; // 0-based position in the file
  // False when no token of the statement's text is longer than 63 bytes (the front end knows from its lexer):
  // identifier-too-long then has nothing to look for.
  bool may_have_long_name = true;
};

// A `--` or `/* */` comment, kept for suppressions (`-- schemagate-ignore ...`) and Prisma's warnings block.
struct SqlComment {
  Span span;
  std::string text;   // the comment's text without the `--` / `/* */` markers
  bool block = false;
};

struct SyntaxError {
  std::string message;  // PostgreSQL's message, e.g. `syntax error at or near "TABLEE"`
  uint32_t offset = 0;  // byte offset PostgreSQL reports (cursorpos - 1), clamped into the file
  Span statement;       // the statement (as split by the scanner) that failed
};

struct ParsedFile {
  std::vector<Statement> statements;
  std::vector<SqlComment> comments;
  std::vector<SyntaxError> errors;
  // Number of statements the scanner split the file into: every one of them is either in `statements`
  // or covered by an entry of `errors` (the no-statement-lost invariant, checked by tests).
  uint32_t split_count = 0;
};

}  // namespace sg::sql
