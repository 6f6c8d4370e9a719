#pragma once
// Operator classes as Prisma's PostgreSQL connector knows them. Prisma's differ compares an index column's
// class by its own kind: classes it has a named constant for (`JsonbPathOps`) are one kind each, every other
// class is `raw("…")`. It reads no class at all from B-tree and hash indexes in the database. Both facts decide
// whether an index in the database matches one in schema.prisma.
#include <string>
#include <string_view>

namespace sg::prisma {

// An operator class written in schema.prisma (`ops: JsonbPathOps` or `ops: raw("gin_trgm_ops")`).
struct WrittenOpClass {
  std::string name;         // PostgreSQL's name: "jsonb_path_ops", or the text inside raw("…")
  bool raw = false;
  bool is_default = false;  // what Prisma records for its named constant: the method's default class for the type
  bool operator==(const WrittenOpClass&) const = default;
};

// True when Prisma has a named constant for the PostgreSQL operator class `name`; the database side of such
// a class never equals `raw("name")`.
bool prisma_named_opclass(std::string_view name);

// The class a named constant of Prisma stands for, with Prisma's is_default for the index method.
WrittenOpClass named_opclass(std::string_view name, std::string_view method);

}  // namespace sg::prisma
