#include "rules/rule.hpp"

#include <algorithm>

namespace sg::rules {

const std::vector<WrittenColumn>& StatementContext::written_columns() const {
  if (!written_columns_cache) written_columns_cache = rules::written_columns(statement);
  return *written_columns_cache;
}

bool StatementContext::table_is_new(std::string_view schema, std::string_view name) const {
  return before_migration.table(schema, name) == nullptr ||
         (file && file->table_created_before(schema, name, statement.index));
}

bool StatementContext::table_existed_before_migration(std::string_view schema, std::string_view name) const {
  return before_migration.table(schema, name) != nullptr && before.table(schema, name) != nullptr &&
         !(file && file->table_created_before(schema, name, statement.index));
}

const sql::AlterTable* alter_of_existing_table(const StatementContext& ctx) {
  if (!ctx.existing_alter_cache) {
    const auto* alter = std::get_if<sql::AlterTable>(&ctx.statement.body);
    ctx.existing_alter_cache =
        alter && ctx.table_existed_before_migration(StatementContext::schema_of(alter->name), alter->name.name) ? alter
                                                                                                               : nullptr;
  }
  return *ctx.existing_alter_cache;
}

std::vector<AddedConstraint> constraints_added_to_existing_table(const StatementContext& ctx, sql::ConstraintKind kind) {
  std::vector<AddedConstraint> out;
  const auto* alter = alter_of_existing_table(ctx);
  if (!alter) return out;
  for (const auto& cmd : alter->commands) {
    if (cmd.kind == sql::AlterKind::AddConstraint && cmd.constraint && cmd.constraint->kind == kind)
      out.push_back(AddedConstraint{*alter, cmd, *cmd.constraint});
  }
  return out;
}

std::vector<ExistingColumnChange> changes_to_existing_columns(const StatementContext& ctx, sql::AlterKind kind) {
  std::vector<ExistingColumnChange> out;
  const auto* alter = alter_of_existing_table(ctx);
  if (!alter) return out;
  const std::string schema = StatementContext::schema_of(alter->name);
  const auto* old_table = ctx.before_migration.table(schema, alter->name.name);
  const auto* table = ctx.before.table(schema, alter->name.name);
  if (!old_table || !table) return out;
  for (const auto& cmd : alter->commands) {
    if (cmd.kind != kind) continue;
    const auto* column = table->column(cmd.name);
    if (column && old_table->column(cmd.name)) out.push_back(ExistingColumnChange{*alter, cmd, *column});
  }
  return out;
}

Finding& Reporter::report(std::string message, std::string help, std::optional<Span> span) {
  Finding f;
  f.rule = std::string(rule_);
  f.severity = severity_;
  f.message = std::move(message);
  f.help = std::move(help);
  Span where = ctx_.statement.span;
  if (span && span->begin >= where.begin && span->begin < where.end) {
    where.begin = span->begin;
    where.end = std::clamp(span->end, span->begin + 1, ctx_.statement.span.end);
  }
  f.location = make_location(ctx_.migration.file, where);
  f.migration = ctx_.migration.name;
  // The fingerprint is worked out by whoever needs it (lint's result, or the report writer's thread).
  out_.push_back(std::move(f));
  return out_.back();
}

const char* to_string(Category c) {
  switch (c) {
    case Category::DataLoss: return "data-loss";
    case Category::Locking: return "locking";
    case Category::DeployFailure: return "deploy-failure";
    case Category::Types: return "types";
    case Category::Integrity: return "integrity";
    case Category::Drift: return "drift";
    case Category::Correctness: return "correctness";
  }
  return "correctness";
}

const RuleInfo* find_rule(std::string_view id) {
  const auto& all = all_rules();
  auto it = std::find_if(all.begin(), all.end(), [&](const RuleInfo& r) { return r.id == id; });
  return it == all.end() ? nullptr : &*it;
}

const std::vector<PipelineRuleInfo>& pipeline_rules() {
  static const std::vector<PipelineRuleInfo> rules = {
      {"syntax-error", Category::DeployFailure, Severity::Error, "PostgreSQL cannot parse a statement"},
      {"invalid-utf8", Category::DeployFailure, Severity::Error, "A migration file is not valid UTF-8"},
      {"binary-file", Category::DeployFailure, Severity::Error, "A migration file contains NUL bytes"},
      {"unreadable-file", Category::Integrity, Severity::Error, "A file or folder cannot be read"},
      {"missing-migrations-folder", Category::Integrity, Severity::Error, "The migrations folder does not exist"},
      {"missing-migration-file", Category::Integrity, Severity::Error, "A migration folder has no migration.sql (P3015)"},
      {"stray-file", Category::Integrity, Severity::Warning, "A file in the migrations folder belongs to no migration"},
      {"lock-file-invalid", Category::Integrity, Severity::Error, "migration_lock.toml cannot be parsed"},
      {"replay-error", Category::DeployFailure, Severity::Error,
       "PostgreSQL would refuse this statement when the history is replayed; the deploy would stop (P3018)"},
      {"unsupported-statement", Category::Correctness, Severity::Info,
       "A statement schemagate cannot model; the replayed catalog may be incomplete"},
      {"unused-ignore", Category::Correctness, Severity::Warning, "A schemagate-ignore comment matches no finding"},
      {"schema-syntax-error", Category::Correctness, Severity::Error, "schema.prisma cannot be parsed here"},
      {"schema-read-error", Category::Integrity, Severity::Error, "A schema file cannot be read"},
      {"unknown-native-type", Category::Correctness, Severity::Error, "A @db.* native type PostgreSQL does not have"},
      {"relation-fields-mismatch", Category::Correctness, Severity::Error,
       "A relation's fields and references do not match"},
      {"unsupported-provider", Category::Integrity, Severity::Error, "The datasource provider is not postgresql"},
      {"schema-drift", Category::Drift, Severity::Error,
       "schema.prisma and the migration history disagree: the next `prisma migrate dev` generates a migration"},
      {"drift-m2m-primary-key", Category::Drift, Severity::Error,
       "An implicit many-to-many table made before Prisma 6 that Prisma 6+ converts to a primary key"},
      {"drift-unmanaged-object", Category::Drift, Severity::Error,
       "An index or foreign key made by hand-written SQL that the next `prisma migrate dev` drops"},
      {"drift-stale-default", Category::Drift, Severity::Error, "A column default that schema.prisma no longer declares"},
      {"drift-identifier-truncated", Category::Drift, Severity::Error,
       "An identifier over 63 bytes that PostgreSQL truncated differently from Prisma"},
  };
  return rules;
}

}  // namespace sg::rules
