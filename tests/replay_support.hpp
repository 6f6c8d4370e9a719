#pragma once
// Comparing a replayed catalog with one PostgreSQL built, as whole catalog/1 documents.
#include <string>

#include "analyzer/catalog/catalog.hpp"

namespace sg::test {

// View bodies are pg_get_viewdef of the analysed query, which the replay does not reproduce (it keeps the
// source text): they are compared by name and materialisation only, and counted when equal.
inline catalog::Catalog without_view_bodies(catalog::Catalog c) {
  for (catalog::View& v : c.views) v.definition.clear();
  return c;
}

// The document `truth` (catalog/1 JSON) with its view bodies blanked; `exact` counts the views whose body
// `replayed` reproduces exactly.
inline std::string truth_without_view_bodies(const std::string& truth, const catalog::Catalog& replayed,
                                             size_t* exact) {
  catalog::Catalog t = catalog::catalog_from_json(truth);
  for (const catalog::View& v : t.views)
    if (const catalog::View* r = replayed.view(v.schema, v.name); r && r->definition == v.definition) ++*exact;
  return catalog::to_json(without_view_bodies(std::move(t)));
}

}  // namespace sg::test
