#pragma once
// The column definitions a statement writes (CREATE TABLE columns, ADD COLUMN, ALTER COLUMN … TYPE), for the
// type rules that look at every new column the same way.
#include <string_view>
#include <vector>

#include "analyzer/effects/column_type.hpp"
#include "analyzer/sql/ir.hpp"

namespace sg::rules {

// Points into the statement, which outlives it.
struct WrittenColumn {
  const sql::QualifiedName* table = nullptr;
  std::string_view name;
  const sql::TypeName* type = nullptr;
  std::optional<effects::ColumnType> column_type;  // nullopt when the modifiers are not constants
  bool primary_key = false;                         // a one-column primary key declared in the same statement
  Span span;
};

std::vector<WrittenColumn> written_columns(const sql::Statement& st);

}  // namespace sg::rules
