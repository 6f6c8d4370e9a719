#pragma once
// Printers of a catalog: catalog/1 JSON, clean DDL and a Mermaid ER diagram (declared in catalog.hpp).
#include "analyzer/catalog/catalog.hpp"
