#include "analyzer/catalog/same.hpp"

namespace sg::catalog {

bool same(const Column& a, const Column& b) {
  return a.name == b.name && a.type == b.type && a.nullable == b.nullable && a.default_expr == b.default_expr &&
         a.identity == b.identity && a.generated == b.generated;
}
bool same(const KeyConstraint& a, const KeyConstraint& b) { return a.name == b.name && a.columns == b.columns; }
bool same(const ForeignKey& a, const ForeignKey& b) {
  return a.name == b.name && a.columns == b.columns && a.ref_schema == b.ref_schema && a.ref_table == b.ref_table &&
         a.ref_columns == b.ref_columns && a.on_delete == b.on_delete && a.on_update == b.on_update &&
         a.deferrable == b.deferrable && a.validated == b.validated;
}
bool same(const Check& a, const Check& b) {
  return a.name == b.name && a.expression == b.expression && a.validated == b.validated;
}
bool same(const Index& a, const Index& b) {
  return a.name == b.name && a.unique == b.unique && a.primary == b.primary && a.method == b.method &&
         a.definition == b.definition && a.predicate == b.predicate && a.columns == b.columns;
}
bool same(const std::optional<KeyConstraint>& a, const std::optional<KeyConstraint>& b) {
  return a.has_value() == b.has_value() && (!a || same(*a, *b));
}
bool same(const Enum& a, const Enum& b) { return a.name == b.name && a.schema == b.schema && a.values == b.values; }
bool same(const Table& a, const Table& b) {
  return a.schema == b.schema && a.name == b.name && a.partitioned == b.partitioned && same(a.columns, b.columns) &&
         same(a.primary_key, b.primary_key) && same(a.indexes, b.indexes) && same(a.foreign_keys, b.foreign_keys) &&
         same(a.unique_constraints, b.unique_constraints) && same(a.checks, b.checks);
}

}  // namespace sg::catalog
