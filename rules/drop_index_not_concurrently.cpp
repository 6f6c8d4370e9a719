// drop-index-not-concurrently: DROP INDEX without CONCURRENTLY on a table that existed before this migration.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo drop_index_not_concurrently() {
  return {
      .id = "drop-index-not-concurrently",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "DROP INDEX without CONCURRENTLY blocks reads and writes of the table",
      .description = "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table. The drop itself is quick, "
                     "but it waits behind every running query on the table, and every new query queues behind it.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            const auto* drop = std::get_if<sql::DropObjects>(&ctx.statement.body);
            if (!drop || drop->object_kind != "INDEX" || drop->concurrently) return;
            for (const auto& name : drop->names) {
              std::string schema = StatementContext::schema_of(name);
              const auto* table = ctx.before.table_of_index(schema, name.name);
              if (!table || !ctx.table_existed_before_migration(table->schema, table->name)) continue;
              if (!ctx.before_migration.table_of_index(schema, name.name)) continue;  // index made in this migration
              Finding& f = out.report(
                  "index " + quote_ident(name) + " is dropped without CONCURRENTLY: every query on " +
                      quote_ident(table->name) + " waits behind the ACCESS EXCLUSIVE lock",
                  "Use `DROP INDEX CONCURRENTLY IF EXISTS " + quote_ident(name) + ";` alone in a migration file of its "
                  "own (it cannot run in a transaction; Prisma runs a one-statement file outside one).",
                  name.span);
              if (const auto* e = ctx.effects.find(table->schema, table->name)) f.locks.push_back(effects::to_lock_info(*e));
            }
          },
  };
}

}  // namespace sg::rules
