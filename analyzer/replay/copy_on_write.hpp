#pragma once
// A value shared between copies until one of them changes it. The replay keeps the state at the start of each
// file beside the live one, and copies the parsed expressions of every table a file touched from one to the
// other; those trees are rarely changed afterwards (a rename re-types or re-points a few), so a copy shares
// them and a change copies only what it changes. Not for use from several threads.
#include <memory>
#include <utility>

namespace sg::replay::detail {

template <class T>
class CopyOnWrite {
 public:
  CopyOnWrite() : value_(std::make_shared<T>()) {}
  CopyOnWrite(T value) : value_(std::make_shared<T>(std::move(value))) {}  // NOLINT: a value converts to it

  const T& operator*() const { return *value_; }
  const T* operator->() const { return value_.get(); }
  // The value to change in place, copied first when another copy shares it.
  T& edit() {
    if (value_.use_count() > 1) value_ = std::make_shared<T>(*value_);
    return *value_;
  }

 private:
  std::shared_ptr<T> value_;
};

}  // namespace sg::replay::detail
