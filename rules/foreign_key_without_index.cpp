// foreign-key-without-index: a foreign key whose columns do not lead any index of the referencing table
// (looking at the indexes that exist and those created later in the same migration file).
#include <algorithm>

#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {
namespace {

// True when the first |fk| entries of `cols` are exactly the foreign key's columns, in any order (as sets: each
// side's names are all on the other side).
bool leads(const std::vector<std::string>& cols, const std::vector<std::string>& fk) {
  if (fk.empty() || cols.size() < fk.size()) return false;
  const auto first = cols.begin(), last = cols.begin() + static_cast<long>(fk.size());
  return std::all_of(first, last, [&](const std::string& c) { return std::find(fk.begin(), fk.end(), c) != fk.end(); }) &&
         std::all_of(fk.begin(), fk.end(), [&](const std::string& c) { return std::find(first, last, c) != last; });
}

struct NewFk {
  std::string name;
  std::vector<std::string> columns;
  sql::QualifiedName ref;
  Span span;
};

}  // namespace

RuleInfo foreign_key_without_index() {
  return {
      .id = "foreign-key-without-index",
      .category = Category::Locking,
      .default_severity = Severity::Info,
      .summary = "A foreign key has no index on its columns",
      .description = "PostgreSQL does not index the referencing side of a foreign key. Every DELETE or key UPDATE "
                     "on the referenced table then scans the referencing table under a row lock, and joins from "
                     "the parent are slow. Prisma does not add these indexes (except with relationMode = \"prisma\" "
                     "warnings).",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            sql::QualifiedName table;
            std::vector<NewFk> fks;
            std::vector<std::vector<std::string>> indexed;
            if (const auto* ct = std::get_if<sql::CreateTable>(&ctx.statement.body)) {
              if (ct->temporary) return;
              table = ct->name;
              for (const auto& k : ct->constraints) {
                if (k.kind == sql::ConstraintKind::ForeignKey) fks.push_back({k.name, k.fk_columns, k.ref_table, k.span});
                if (k.kind == sql::ConstraintKind::PrimaryKey || k.kind == sql::ConstraintKind::Unique)
                  indexed.push_back(k.keys);
              }
              for (const auto& c : ct->columns)
                for (const auto& k : c.constraints) {
                  if (k.kind == sql::ConstraintKind::ForeignKey) fks.push_back({k.name, {c.name}, k.ref_table, k.span});
                  if (k.kind == sql::ConstraintKind::PrimaryKey || k.kind == sql::ConstraintKind::Unique)
                    indexed.push_back({c.name});
                }
            } else if (const auto* alter = std::get_if<sql::AlterTable>(&ctx.statement.body)) {
              table = alter->name;
              for (const auto& cmd : alter->commands)
                if (cmd.kind == sql::AlterKind::AddConstraint && cmd.constraint &&
                    cmd.constraint->kind == sql::ConstraintKind::ForeignKey)
                  fks.push_back({cmd.constraint->name, cmd.constraint->fk_columns, cmd.constraint->ref_table, cmd.span});
            }
            if (fks.empty()) return;
            std::string schema = StatementContext::schema_of(table);
            if (const auto* t = ctx.before.table(schema, table.name)) {
              for (const auto& ix : t->indexes)
                if (!ix.predicate) indexed.push_back(ix.columns);
              if (t->primary_key) indexed.push_back(t->primary_key->columns);
            }
            // Prisma writes CREATE INDEX after CREATE TABLE and before the foreign keys: look at the whole file.
            for (const auto* columns : ctx.file->index_columns(schema, table.name)) indexed.push_back(*columns);
            for (const auto& fk : fks) {
              if (fk.columns.empty()) continue;
              if (std::any_of(indexed.begin(), indexed.end(), [&](const auto& cols) { return leads(cols, fk.columns); }))
                continue;
              std::string cols = quote_ident_list(fk.columns);
              std::string fields;
              for (const auto& c : fk.columns) fields += (fields.empty() ? "" : ", ") + c;
              out.report("foreign key " + (fk.name.empty() ? std::string() : quote_ident(fk.name) + " ") + "(" + cols +
                             ") of " + quote_ident(table) + " has no index: deletes in " + quote_ident(fk.ref) +
                             " scan the whole table",
                         "Add `@@index([" + fields + "])` to the model in schema.prisma (migration: `CREATE INDEX "
                         "CONCURRENTLY ON " + quote_ident(table) + " (" + cols + ");` for an existing table).",
                         fk.span);
            }
          },
  };
}

}  // namespace sg::rules
