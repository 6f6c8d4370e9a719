#pragma once
// Making one table list into another when most tables did not change: the replay's start-of-file state and the
// drift provenance's snapshot both follow the catalog this way, so that a file or statement that touches a few
// tables costs those tables instead of a copy of the catalog.
#include <utility>
#include <vector>

#include "analyzer/catalog/catalog.hpp"

namespace sg::catalog {

// The tables of `wanted`, in its order: each moved from `kept[i]` when that is set (a table known to equal
// wanted[i]; it is left moved-from), copied from wanted[i] otherwise: into `earlier[i]` when that is set (an
// older version of the table, moved out, whose strings and arrays the copy reuses), else anew.
inline std::vector<Table> reuse_unchanged(const std::vector<Table>& wanted, const std::vector<Table*>& kept,
                                          const std::vector<Table*>& earlier = {}) {
  std::vector<Table> out;
  out.reserve(wanted.size());
  for (size_t i = 0; i < wanted.size(); ++i) {
    if (kept[i]) {
      out.push_back(std::move(*kept[i]));
    } else if (i < earlier.size() && earlier[i]) {
      out.push_back(std::move(*earlier[i]));
      out.back() = wanted[i];
    } else {
      out.push_back(wanted[i]);
    }
  }
  return out;
}

}  // namespace sg::catalog
