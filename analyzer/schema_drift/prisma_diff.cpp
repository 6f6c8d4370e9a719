#include "analyzer/schema_drift/prisma_diff.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "analyzer/schema_drift/prisma_defaults.hpp"
#include "analyzer/schema_drift/prisma_keys.hpp"

namespace sg::schema_drift {
namespace {

using diff::Change;
using diff::Difference;
using diff::ObjectKind;

// Tables Prisma's describer leaves out wherever they are: its own bookkeeping and PostGIS's.
bool ignored_table(const std::string& name) {
  static const std::set<std::string> names = {"_prisma_migrations", "spatial_ref_sys", "geometry_columns",
                                              "geography_columns", "raster_columns", "raster_overviews"};
  return names.count(name) > 0;
}

// Only what the datasource manages is described: its schemas (or public).
catalog::Catalog managed_part(const catalog::Catalog& c, const std::set<std::string>& schemas) {
  catalog::Catalog out;
  out.schemas.clear();
  for (const auto& s : c.schemas)
    if (schemas.count(s)) out.schemas.push_back(s);
  for (const auto& e : c.enums)
    if (schemas.count(e.schema)) out.enums.push_back(e);
  for (const auto& t : c.tables)
    if (schemas.count(t.schema) && !ignored_table(t.name)) out.tables.push_back(t);
  return out;
}

std::vector<std::string> split_values(const std::string& v) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= v.size()) {
    size_t c = v.find(", ", pos);
    out.push_back(v.substr(pos, c == std::string::npos ? std::string::npos : c - pos));
    if (c == std::string::npos) break;
    pos = c + 2;
  }
  std::sort(out.begin(), out.end());
  return out;
}

// What the generic catalog comparison finds that Prisma's differ also sees, as the generic comparison puts it.
bool kept(const Difference& d, const catalog::Catalog& migrations) {
  switch (d.kind) {
    case ObjectKind::Table:
    case ObjectKind::PrimaryKey:
      return true;
    case ObjectKind::Enum:
      // Values are compared as a set: Prisma adds and drops values, it never reorders them.
      if (d.change == Change::Changed && d.aspect == "values" && d.expected && d.actual)
        return split_values(*d.expected) != split_values(*d.actual);
      return true;
    case ObjectKind::Column: {
      if (d.change != Change::Changed) return true;
      if (d.aspect == "default" || d.aspect == "identity") return false;  // by kind, below
      const catalog::Table* t = migrations.table(d.schema, d.table);
      const catalog::Column* c = t ? t->column(d.name) : nullptr;
      // A scalar list's arity is "list" whatever its nullability.
      if (d.aspect == "nullable" && c && c->type.ends_with("[]")) return false;
      return true;
    }
    default:
      return false;  // keys and indexes below; the rest is not Prisma's
  }
}

std::string or_none(const std::optional<std::string>& v) { return v ? *v : "none"; }

void diff_column_defaults(const prisma::ExpectedCatalog& expected, const catalog::Table& e, const catalog::Table& a,
                          const catalog::Catalog& migrations, std::vector<Difference>& out) {
  for (const auto& ec : e.columns) {
    const catalog::Column* ac = a.column(ec.name);
    if (!ac) continue;
    Difference d;
    d.kind = ObjectKind::Column;
    d.change = Change::Changed;
    d.schema = e.schema;
    d.table = e.name;
    d.name = ec.name;
    std::string auto_have = !ac->identity.empty() ? "identity" : or_none(ac->default_expr);
    if (autoincrement(*ac) != autoincrement(ec)) {
      d.aspect = "autoincrement";
      d.expected = or_none(ec.default_expr);
      d.actual = auto_have;
      out.push_back(std::move(d));
      continue;
    }
    auto gen = expected.db_generated_defaults.find(prisma::column_key(e.schema, e.name, ec.name));
    PrismaDefault want = read_schema_default(ec.default_expr, ec.type, expected.catalog,
                                             gen == expected.db_generated_defaults.end() ? std::nullopt
                                                                                        : std::optional<std::string>(gen->second));
    PrismaDefault have = read_default(ac->default_expr, ac->type, migrations);
    if (defaults_match(have, want)) continue;
    d.aspect = "default";
    if (ec.default_expr) d.expected = ec.default_expr;
    if (ac->default_expr) d.actual = ac->default_expr;
    out.push_back(std::move(d));
  }
}

}  // namespace

std::vector<Difference> prisma_diff(const prisma::ExpectedCatalog& expected, const catalog::Catalog& migrations) {
  std::set<std::string> schemas(expected.catalog.schemas.begin(), expected.catalog.schemas.end());
  catalog::Catalog actual = managed_part(migrations, schemas);
  catalog::Catalog wanted = managed_part(expected.catalog, schemas);
  std::vector<Difference> out;
  for (auto& d : diff::diff_catalogs(wanted, actual))
    if (kept(d, actual)) out.push_back(std::move(d));
  for (const auto& e : wanted.tables) {
    const catalog::Table* a = actual.table(e.schema, e.name);
    if (!a) continue;
    diff_column_defaults(expected, e, *a, actual, out);
    diff_keys(e, *a, expected.index_opclasses, out);
  }
  std::stable_sort(out.begin(), out.end(), [](const Difference& a, const Difference& b) {
    return std::tie(a.schema, a.table, a.kind, a.name, a.aspect) < std::tie(b.schema, b.table, b.kind, b.name, b.aspect);
  });
  return out;
}

}  // namespace sg::schema_drift
