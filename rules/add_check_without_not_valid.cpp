// add-check-without-not-valid: ALTER TABLE … ADD CHECK on an existing table without NOT VALID.
#include "rules/rule_list.hpp"
#include "rules/sql_text.hpp"

namespace sg::rules {

RuleInfo add_check_without_not_valid() {
  return {
      .id = "add-check-without-not-valid",
      .category = Category::Locking,
      .default_severity = Severity::Warning,
      .summary = "Adding a CHECK constraint scans the table under ACCESS EXCLUSIVE",
      .description = "ADD CONSTRAINT … CHECK takes ACCESS EXCLUSIVE and checks every row before it commits: no "
                     "query can read or write the table meanwhile. With NOT VALID the constraint applies to new "
                     "rows at once and VALIDATE CONSTRAINT checks old rows under SHARE UPDATE EXCLUSIVE.",
      .check =
          [](const StatementContext& ctx, Reporter& out) {
            for (const auto& [alter, cmd, k] : constraints_added_to_existing_table(ctx, sql::ConstraintKind::Check)) {
              if (k.not_valid) continue;
              std::string name = k.name.empty() ? std::string("\"check_name\"") : quote_ident(k.name);
              Finding& f = out.report(
                  "CHECK constraint " + (k.name.empty() ? std::string("") : quote_ident(k.name) + " ") +
                      "is validated against every row of " + quote_ident(alter.name) +
                      " while ACCESS EXCLUSIVE blocks all reads and writes",
                  "Add it as `ALTER TABLE " + quote_ident(alter.name) + " ADD CONSTRAINT " + name +
                      " CHECK (…) NOT VALID;` and validate it in a later migration: `ALTER TABLE " +
                      quote_ident(alter.name) + " VALIDATE CONSTRAINT " + name + ";`.",
                  cmd.span);
              f.locks = effects::lock_infos(ctx.effects);
            }
          },
  };
}

}  // namespace sg::rules
