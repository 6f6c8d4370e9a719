#pragma once
// A generic comparison of two catalogs (catalog/1 values): what the expected catalog has that the actual one
// lacks, what the actual one has in addition, and what differs, object by object and aspect by aspect.
// Used for drift (replayed history vs live database) and for any catalog-vs-catalog check.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/catalog/catalog.hpp"

namespace sg::diff {

enum class ObjectKind {
  Schema, Extension, Enum, Sequence, Table, Column, PrimaryKey, UniqueConstraint, ForeignKey, Check, Index, View,
  Function, Trigger
};
enum class Change { Missing, Extra, Changed };

const char* to_string(ObjectKind k);  // "table", "column", "foreign key", ...
const char* to_string(Change c);      // "missing", "extra", "changed"

struct Difference {
  ObjectKind kind = ObjectKind::Table;
  Change change = Change::Changed;
  std::string schema;
  std::string table;   // the owning table for columns, keys, checks, indexes and triggers; else empty
  std::string name;    // the object's own name (for functions: name(arguments))
  std::string aspect;  // for Changed: "type", "nullable", "default", "definition", ...
  std::optional<std::string> expected;  // the text on each side (Changed), or a description of the object
  std::optional<std::string> actual;

  // "public.Post.title", "public.Post_pkey" style path of the object.
  std::string object_path() const;
  // One line a developer understands: `column public.Post.title: type is "text", expected "varchar(200)"`.
  std::string describe() const;
  bool operator==(const Difference&) const = default;
};

struct DiffOptions {
  // Tables left out of the comparison on both sides, with everything attached to them ((schema, name)).
  std::vector<std::pair<std::string, std::string>> ignored_tables;
};

// Differences in a stable order (kind, schema, table, name, aspect).
std::vector<Difference> diff_catalogs(const catalog::Catalog& expected, const catalog::Catalog& actual,
                                      const DiffOptions& options = {});

// The state in `c` of the object and aspect `d` is about: the aspect's text when the object exists (or
// "present" for a whole-object difference), nullopt when it does not. Comparing this across the catalogs
// after each migration tells which migration last shaped the object.
std::optional<std::string> state_of(const catalog::Catalog& c, const Difference& d);

}  // namespace sg::diff
