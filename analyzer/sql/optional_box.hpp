#pragma once
// std::optional's interface over a value kept on the heap. The IR's large optional members (an expression is
// about 200 bytes, a constraint four times that) are absent from most statements; held inline they made every
// statement as large as the largest kind, and a 50 MB file's IR several times the size of its text. Copies are
// deep, as std::optional's are.
#include <memory>
#include <optional>
#include <utility>

namespace sg::sql {

template <class T>
class OptionalBox {
 public:
  OptionalBox() = default;
  OptionalBox(std::nullopt_t) {}
  OptionalBox(const T& v) : p_(std::make_unique<T>(v)) {}
  OptionalBox(T&& v) : p_(std::make_unique<T>(std::move(v))) {}
  OptionalBox(const std::optional<T>& v) : p_(v ? std::make_unique<T>(*v) : nullptr) {}
  OptionalBox(std::optional<T>&& v) : p_(v ? std::make_unique<T>(std::move(*v)) : nullptr) {}
  OptionalBox(const OptionalBox& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  OptionalBox(OptionalBox&&) noexcept = default;
  OptionalBox& operator=(const OptionalBox& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  OptionalBox& operator=(OptionalBox&&) noexcept = default;
  OptionalBox& operator=(std::nullopt_t) {
    p_.reset();
    return *this;
  }

  template <class... Args>
  T& emplace(Args&&... args) {
    p_ = std::make_unique<T>(std::forward<Args>(args)...);
    return *p_;
  }
  void reset() { p_.reset(); }

  bool has_value() const { return p_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  T& operator*() { return *p_; }
  const T& operator*() const { return *p_; }
  T* operator->() { return p_.get(); }
  const T* operator->() const { return p_.get(); }
  template <class U>
  T value_or(U&& fallback) const {
    return p_ ? *p_ : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::unique_ptr<T> p_;
};

}  // namespace sg::sql
