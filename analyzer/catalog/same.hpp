#pragma once
// Field-by-field equality of catalog objects, stopping at the first difference: cheap enough for the drift
// provenance to run on the tables a statement reaches, and for the replay's sanitizer self-check.
#include <optional>
#include <vector>

#include "analyzer/catalog/catalog.hpp"

namespace sg::catalog {

bool same(const Column& a, const Column& b);
bool same(const KeyConstraint& a, const KeyConstraint& b);
bool same(const ForeignKey& a, const ForeignKey& b);
bool same(const Check& a, const Check& b);
bool same(const Index& a, const Index& b);
bool same(const std::optional<KeyConstraint>& a, const std::optional<KeyConstraint>& b);
bool same(const Table& a, const Table& b);
bool same(const Enum& a, const Enum& b);

template <class T>
bool same(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!same(a[i], b[i])) return false;
  return true;
}

// Makes `mine` equal to `theirs`, assigning only the elements that differ: most replayed files leave the
// catalog's enums as they were, or change one.
template <class T>
void assign_changed(std::vector<T>& mine, const std::vector<T>& theirs) {
  if (mine.size() != theirs.size()) {
    mine = theirs;
    return;
  }
  for (size_t i = 0; i < theirs.size(); ++i)
    if (!same(mine[i], theirs[i])) mine[i] = theirs[i];
}

}  // namespace sg::catalog
