#pragma once
// Reads a live database into a catalog::Catalog with the same queries as ../shared/tools/pg_catalog.py, so a
// live catalog and a replayed one are equal when the database is what the history says it is.
#include "analyzer/catalog/catalog.hpp"
#include "analyzer/live/session.hpp"

namespace sg::live {

// Throws LiveError. Only SELECTs on pg_catalog: works for a role with nothing but CONNECT.
catalog::Catalog introspect(Session& session);

}  // namespace sg::live
