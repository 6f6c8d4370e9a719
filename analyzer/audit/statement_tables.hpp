#pragma once
// The tables a statement acts on, by their names at that point of the history: the table it creates, alters,
// drops, indexes, comments on, renames or writes rows into. Index, trigger and policy statements count for
// their table. Tables only mentioned (a foreign key's referenced table, a view's query) are not included.
#include <optional>
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/sql/ir.hpp"

namespace sg::audit {

// `before` is the catalog right before the statement: it resolves unqualified names (public first, as the
// default search_path does, else the one schema holding such a table) and finds an index's table. Names that
// are not a table there (views, sequences, a table the statement fails on) are left out, except the table
// that CREATE TABLE creates.
std::vector<catalog::TableKey> tables_named(const sql::Statement& statement, const catalog::Catalog& before);

// What a statement does to a table's name: RENAME TO and SET SCHEMA. Nothing for every other statement.
struct TableRename {
  catalog::TableKey from;
  catalog::TableKey to;
};
std::optional<TableRename> table_rename(const sql::Statement& statement, const catalog::Catalog& before);

}  // namespace sg::audit
