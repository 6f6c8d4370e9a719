#pragma once
// Putting a catalog back in catalog/1 order when the caller knows which tables can be out of order: the replay
// sorts after every file, and a file that reached a few tables need not look inside every other one.
#include <functional>

#include "analyzer/catalog/catalog.hpp"

namespace sg::catalog {

// sort_catalog, looking inside only the tables for which `may_have_changed` holds (the arrays of the catalog
// itself are always put in order).
void sort_catalog(Catalog& c, const std::function<bool(const Table&)>& may_have_changed);

}  // namespace sg::catalog
