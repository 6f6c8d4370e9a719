#include "analyzer/audit/statement_tables.hpp"

#include <algorithm>
#include <type_traits>

namespace sg::audit {
namespace {

using catalog::Catalog;
using catalog::TableKey;

// The schema an unqualified name lands in when it names an existing table.
std::optional<TableKey> existing_table(const Catalog& c, const std::string& schema, const std::string& name) {
  if (!schema.empty()) {
    if (c.table(schema, name)) return TableKey{schema, name};
    return std::nullopt;
  }
  if (c.table("public", name)) return TableKey{"public", name};
  for (const auto& t : c.tables)
    if (t.name == name) return TableKey{t.schema, t.name};
  return std::nullopt;
}

std::optional<TableKey> existing_table(const Catalog& c, const sql::QualifiedName& n) {
  return existing_table(c, n.schema, n.name);
}

std::optional<TableKey> table_of_index(const Catalog& c, const sql::QualifiedName& n) {
  const catalog::Table* t = nullptr;
  if (!n.schema.empty()) {
    t = c.table_of_index(n.schema, n.name);
  } else {
    t = c.table_of_index("public", n.name);
    for (size_t i = 0; !t && i < c.schemas.size(); ++i) t = c.table_of_index(c.schemas[i], n.name);
  }
  if (!t) return std::nullopt;
  return TableKey{t->schema, t->name};
}

// Relation statements that may name an index instead of a table (ALTER INDEX, RENAME of an index, REINDEX).
std::optional<TableKey> relation(const Catalog& c, const std::string& kind, const sql::QualifiedName& n) {
  if (kind == "INDEX") return table_of_index(c, n);
  return existing_table(c, n);
}

// COMMENT ON TABLE a | s.a, COMMENT ON COLUMN a.c | s.a.c
std::optional<TableKey> commented_table(const Catalog& c, const sql::Comment& cm) {
  std::vector<std::string> parts = cm.object;
  if (cm.object_kind == "COLUMN") {
    if (parts.size() < 2) return std::nullopt;
    parts.pop_back();
  } else if (cm.object_kind != "TABLE") {
    return std::nullopt;
  }
  if (parts.size() == 1) return existing_table(c, "", parts[0]);
  if (parts.size() == 2) return existing_table(c, parts[0], parts[1]);
  return std::nullopt;
}

}  // namespace

std::vector<TableKey> tables_named(const sql::Statement& statement, const Catalog& before) {
  std::vector<TableKey> out;
  auto add = [&](const std::optional<TableKey>& k) {
    if (k && std::find(out.begin(), out.end(), *k) == out.end()) out.push_back(*k);
  };
  std::visit(
      [&](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, sql::CreateTable>) {
          if (!s.temporary) add(TableKey{s.name.schema.empty() ? "public" : s.name.schema, s.name.name});
        } else if constexpr (std::is_same_v<T, sql::AlterTable>) {
          add(relation(before, s.object_kind, s.name));
        } else if constexpr (std::is_same_v<T, sql::DropObjects>) {
          if (s.object_kind == "TABLE") {
            for (const auto& n : s.names) add(existing_table(before, n));
          } else if (s.object_kind == "INDEX") {
            for (const auto& n : s.names) add(table_of_index(before, n));
          } else if (s.object_kind == "TRIGGER" || s.object_kind == "POLICY" || s.object_kind == "RULE") {
            for (const auto& n : s.on_tables) add(existing_table(before, n));
          }
        } else if constexpr (std::is_same_v<T, sql::CreateIndex> || std::is_same_v<T, sql::CreateTrigger> ||
                             std::is_same_v<T, sql::CreatePolicy> || std::is_same_v<T, sql::Insert> ||
                             std::is_same_v<T, sql::Update> || std::is_same_v<T, sql::Delete> ||
                             std::is_same_v<T, sql::Cluster>) {
          add(existing_table(before, s.table));
        } else if constexpr (std::is_same_v<T, sql::Rename>) {
          // A view's column or a sequence is not a table: existing_table leaves those out.
          static const std::vector<std::string> kOnTable{"TABLE", "COLUMN", "TABCONSTRAINT", "TRIGGER", "POLICY"};
          if (s.object_kind == "INDEX") add(table_of_index(before, s.target));
          else if (std::find(kOnTable.begin(), kOnTable.end(), s.object_kind) != kOnTable.end())
            add(existing_table(before, s.target));
        } else if constexpr (std::is_same_v<T, sql::AlterObjectSchema>) {
          if (s.object_kind == "TABLE") add(existing_table(before, s.target));
        } else if constexpr (std::is_same_v<T, sql::Comment>) {
          add(commented_table(before, s));
        } else if constexpr (std::is_same_v<T, sql::Truncate> || std::is_same_v<T, sql::Vacuum>) {
          for (const auto& n : s.tables) add(existing_table(before, n));
        } else if constexpr (std::is_same_v<T, sql::Reindex>) {
          if (s.object_kind == "TABLE" || s.object_kind == "INDEX") add(relation(before, s.object_kind, s.target));
        }
      },
      statement.body);
  return out;
}

std::optional<TableRename> table_rename(const sql::Statement& statement, const Catalog& before) {
  if (const auto* r = std::get_if<sql::Rename>(&statement.body); r && r->object_kind == "TABLE") {
    if (auto from = existing_table(before, r->target)) return TableRename{*from, {from->first, r->new_name}};
  }
  if (const auto* a = std::get_if<sql::AlterObjectSchema>(&statement.body); a && a->object_kind == "TABLE") {
    if (auto from = existing_table(before, a->target)) return TableRename{*from, {a->new_schema, from->second}};
  }
  return std::nullopt;
}

}  // namespace sg::audit
