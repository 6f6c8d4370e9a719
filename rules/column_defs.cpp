#include "rules/column_defs.hpp"

#include <algorithm>

namespace sg::rules {

std::vector<WrittenColumn> written_columns(const sql::Statement& st) {
  std::vector<WrittenColumn> out;
  auto add = [&](const sql::QualifiedName& table, const sql::ColumnDef& c, std::string_view name, Span span) {
    bool pk = std::any_of(c.constraints.begin(), c.constraints.end(),
                          [](const auto& k) { return k.kind == sql::ConstraintKind::PrimaryKey; });
    out.push_back({&table, name, &c.type, effects::from_type_name(c.type), pk, span});
  };
  if (const auto* ct = std::get_if<sql::CreateTable>(&st.body)) {
    for (const auto& c : ct->columns) add(ct->name, c, c.name, c.span);
    for (const auto& k : ct->constraints) {
      if (k.kind != sql::ConstraintKind::PrimaryKey || k.keys.size() != 1) continue;
      for (auto& w : out)
        if (w.name == k.keys[0]) w.primary_key = true;
    }
  } else if (const auto* alter = std::get_if<sql::AlterTable>(&st.body)) {
    if (!alter->object_kind.empty() && alter->object_kind != "TABLE") return out;
    for (const auto& cmd : alter->commands) {
      if (!cmd.column) continue;
      if (cmd.kind == sql::AlterKind::AddColumn) add(alter->name, *cmd.column, cmd.column->name, cmd.span);
      else if (cmd.kind == sql::AlterKind::AlterColumnType) add(alter->name, *cmd.column, cmd.name, cmd.span);
    }
  }
  return out;
}

}  // namespace sg::rules
