// add-foreign-key-without-not-valid: ALTER TABLE … ADD FOREIGN KEY on an existing table without NOT VALID.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo add_foreign_key_without_not_valid() {
  return {
      .id = "add-foreign-key-without-not-valid",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "Adding a foreign key validates every row while writes to both tables are blocked",
      .description = "ADD CONSTRAINT … FOREIGN KEY takes SHARE ROW EXCLUSIVE on the table and on the referenced "
                     "table, then checks every existing row: INSERT, UPDATE and DELETE on both tables wait until "
                     "the scan is done. With NOT VALID the constraint is added instantly and checked later by "
                     "VALIDATE CONSTRAINT, which only takes SHARE UPDATE EXCLUSIVE.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            for (const auto& [alter, cmd, k] : constraints_added_to_existing_table(ctx, sql::ConstraintKind::ForeignKey)) {
              if (k.not_valid) continue;
              std::string name = k.name.empty() ? std::string("\"fk_name\"") : quote_ident(k.name);
              Finding& f = out.report(
                  "foreign key " + (k.name.empty() ? std::string("") : quote_ident(k.name) + " ") + "on existing table " +
                      quote_ident(alter.name) + " is validated against every row while writes to " + quote_ident(alter.name) +
                      " and " + quote_ident(k.ref_table) + " are blocked",
                  "Add it without the scan, then validate in a separate migration: `ALTER TABLE " +
                      quote_ident(alter.name) + " ADD CONSTRAINT " + name + " FOREIGN KEY (…) REFERENCES " +
                      quote_ident(k.ref_table) + " (…) NOT VALID;` then `ALTER TABLE " + quote_ident(alter.name) +
                      " VALIDATE CONSTRAINT " + name + ";`.",
                  cmd.span);
              f.locks = effects::lock_infos(ctx.effects);
            }
          },
  };
}

}  // namespace sg::rules
