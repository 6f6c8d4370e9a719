#pragma once
// A rule is a short function over one statement and the catalog right before it. It never parses text.
// Each rule lives in its own file and is registered once in rules/registry.cpp.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/effects/effects.hpp"
#include "analyzer/effects/transaction.hpp"
#include "analyzer/finding.hpp"
#include "analyzer/history/history.hpp"
#include "analyzer/sql/ir.hpp"
#include "rules/column_defs.hpp"
#include "rules/file_facts.hpp"

namespace sg::rules {

// What every rule gets for one statement.
struct StatementContext {
  const Migration& migration;
  const sql::Statement& statement;
  const catalog::Catalog& before;            // the catalog right before this statement
  const catalog::Catalog& before_migration;  // the catalog when this migration started
  int pg_version = 15;                       // major version, 11..17
  effects::TransactionContext tx{};          // the transaction state right before this statement
  effects::PrismaVersion prisma{};           // the Prisma version that deploys the history (default 7.x)
  effects::StatementEffects effects{};       // locks, rewrite and scan of this statement on existing tables
  // What the rule may know of the file's other statements (set by lint): a rule reads no other statement.
  const FileFacts* file = nullptr;
  // The comments around the statement, in file order: the file's, or those of the part of it being linted
  // (a part ends after a statement, so the comments between two statements are in the later one's part).
  std::span<const sql::SqlComment> comments{};

  // The column definitions the statement writes, worked out once for the type rules that all read them.
  const std::vector<WrittenColumn>& written_columns() const;
  mutable std::optional<std::vector<WrittenColumn>> written_columns_cache{};
  // alter_of_existing_table's answer: a dozen rules ask it of every ALTER TABLE.
  mutable std::optional<const sql::AlterTable*> existing_alter_cache{};

  // True when `schema.name` did not exist when this migration started, or was created again since in this file
  // (it has no rows yet).
  bool table_is_new(std::string_view schema, std::string_view name) const;
  // True when the table exists right before the statement and existed before this migration (and is not one
  // dropped and created again since in this file).
  bool table_existed_before_migration(std::string_view schema, std::string_view name) const;
  // Resolves an unqualified name through the default search_path (public).
  static std::string schema_of(const sql::QualifiedName& n) { return n.schema.empty() ? "public" : n.schema; }
};

// The ALTER TABLE of this statement when its table existed before the migration (the prologue that most lock
// and data-loss rules share: a table created in the same migration has no rows); null otherwise.
const sql::AlterTable* alter_of_existing_table(const StatementContext& ctx);

// The ADD CONSTRAINT sub-commands of `kind` in such an ALTER TABLE: the add-*-constraint rules differ only
// in which of them they flag and what they say.
struct AddedConstraint {
  const sql::AlterTable& alter;
  const sql::AlterTableCmd& command;
  const sql::Constraint& constraint;
};
std::vector<AddedConstraint> constraints_added_to_existing_table(const StatementContext& ctx, sql::ConstraintKind kind);

// The sub-commands of `kind` (ALTER COLUMN … TYPE, SET NOT NULL) in such an ALTER TABLE whose column exists
// right before the statement and existed when the migration started (so it may hold rows), with that column.
struct ExistingColumnChange {
  const sql::AlterTable& alter;
  const sql::AlterTableCmd& command;
  const catalog::Column& column;  // as it is right before the statement
};
std::vector<ExistingColumnChange> changes_to_existing_columns(const StatementContext& ctx, sql::AlterKind kind);

// Where a rule reports: fills in rule id, severity, location (defaulting to the statement's span) and
// fingerprint, so a rule only says what and why.
class Reporter {
 public:
  Reporter(const StatementContext& ctx, std::string_view rule, Severity severity, std::vector<Finding>& out)
      : ctx_(ctx), rule_(rule), severity_(severity), out_(out) {}
  // Reports at the statement, or at `span` when it lies inside the statement.
  Finding& report(std::string message, std::string help, std::optional<Span> span = std::nullopt);

 private:
  const StatementContext& ctx_;
  std::string_view rule_;
  Severity severity_;
  std::vector<Finding>& out_;
};

enum class Category { DataLoss, Locking, DeployFailure, Types, Integrity, Drift, Correctness };
const char* to_string(Category c);

struct RuleInfo {
  std::string_view id;              // kebab-case, stable
  Category category;
  Severity default_severity;
  bool enabled_by_default = true;
  std::string_view summary;         // one line: what it flags
  std::string_view description;     // a paragraph: why it is risky
  std::function<void(const StatementContext&, Reporter&)> check;
};

// Every registered rule, in id order.
const std::vector<RuleInfo>& all_rules();
const RuleInfo* find_rule(std::string_view id);

// Ids of findings that are not produced by statement rules but by the pipeline itself (syntax errors,
// input problems, replay errors); listed so SARIF and `schemagate rules` know them.
struct PipelineRuleInfo {
  std::string_view id;
  Category category;
  Severity default_severity;
  std::string_view summary;
};
const std::vector<PipelineRuleInfo>& pipeline_rules();

}  // namespace sg::rules
