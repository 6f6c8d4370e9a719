// table-without-primary-key: CREATE TABLE with no primary key, and none added later in the same file.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo table_without_primary_key() {
  return {
      .id = "table-without-primary-key",
      .category = Category::Correctness,
      .default_severity = Severity::Info,
      .summary = "A table is created without a primary key",
      .description = "Without a primary key, rows cannot be addressed reliably, logical replication cannot publish "
                     "UPDATE and DELETE, and tools such as pg_repack refuse the table. Prisma before 6 created "
                     "implicit many-to-many tables with only a unique index.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* ct = std::get_if<sql::CreateTable>(&ctx.statement.body);
            if (!ct || ct->temporary || ct->is_partition || ct->as_select || !ct->like.empty()) return;
            for (const auto& k : ct->constraints)
              if (k.kind == sql::ConstraintKind::PrimaryKey) return;
            for (const auto& c : ct->columns)
              for (const auto& k : c.constraints)
                if (k.kind == sql::ConstraintKind::PrimaryKey) return;
            if (ctx.file->primary_key_added_after(ct->name, ctx.statement.index)) return;
            out.report("table " + quote_ident(ct->name) + " has no primary key",
                       "Give the model an `@id` or `@@id([…])` in schema.prisma; for an implicit many-to-many table, "
                       "upgrade to Prisma 6+, which makes (\"A\", \"B\") the primary key.",
                       ct->name.span);
          },
  };
}

}  // namespace sg::rules
