#pragma once
// The catalog Prisma Migrate (PostgreSQL connector) builds from a schema: tables, columns with their
// types and defaults as PostgreSQL prints them, keys, indexes, foreign keys, implicit many-to-many
// tables, enums, sequences and extensions. Views are not migrated and are left out.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/catalog/catalog.hpp"
#include "analyzer/finding.hpp"
#include "analyzer/prisma/ast.hpp"
#include "analyzer/prisma/opclass.hpp"

namespace sg::prisma {

struct ExpectOptions {
  // Prisma major version: from 6 on, implicit many-to-many tables get a primary key `_AB_pkey`;
  // before, a unique index `_AB_unique`.
  int prisma_version = 7;
};

// Where a catalog object comes from in the schema, so drift findings can point at it.
struct Origin {
  SourcePtr file;
  Span span;            // the field, the block attribute, or the model/enum name
  std::string model;    // model or enum name as written in the schema
  std::string field;    // field name, when the object comes from one
};

// Keys of ExpectedCatalog::origins, one per catalog object.
std::string table_key(std::string_view schema, std::string_view table);
std::string column_key(std::string_view schema, std::string_view table, std::string_view column);
// Indexes, primary keys and foreign keys share PostgreSQL's namespace of relation/constraint names per table.
std::string constraint_key(std::string_view schema, std::string_view table, std::string_view name);
std::string enum_key(std::string_view schema, std::string_view name);
std::string sequence_key(std::string_view schema, std::string_view name);

struct ExpectedCatalog {
  catalog::Catalog catalog;
  std::map<std::string, Origin> origins;
  // What Prisma's differ compares beyond the catalog: per index (constraint_key) with an `ops:` argument,
  // the class written for each key column (nullopt where none is written) …
  std::map<std::string, std::vector<std::optional<WrittenOpClass>>> index_opclasses;
  // … and per column (column_key) with @default(dbgenerated(…)), the expression as written ("" for none):
  // Prisma compares it with the database's text as it is, not as PostgreSQL would print it.
  std::map<std::string, std::string> db_generated_defaults;
  // What cannot be mapped (unknown native type, relation without matching fields/references, …).
  std::vector<Finding> findings;
};

ExpectedCatalog expect_catalog(const Schema& schema, const ExpectOptions& options = {});
catalog::Catalog expected_catalog(const Schema& schema, const ExpectOptions& options = {});

// Prisma's default constraint names: `<table>_<columns>_<suffix>`, cut to fit 63 bytes by shortening
// the `<table>_<columns>` part (never the suffix), on a UTF-8 character boundary.
std::string prisma_constraint_name(std::string_view table, const std::vector<std::string>& columns,
                                   std::string_view suffix);
// PostgreSQL's name for a serial column's sequence (makeObjectName(table, column, "seq")).
std::string serial_sequence_name(std::string_view table, std::string_view column);

}  // namespace sg::prisma
