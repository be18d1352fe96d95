// Result<T> and Status: a value (or nothing) or the OsError that prevented it. The error strategy
// is in the type: platform calls never throw for OS failures, because a diagnostic tool must
// report them. Both are [[nodiscard]]: a dropped OS failure is a finding nobody will see.
#pragma once

#include <optional>
#include <utility>
#include <variant>

#include "harness/platform/os_error.h"

namespace shmh::platform {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}          // NOLINT: implicit by design
  Result(OsError error) : state_(std::move(error)) {}    // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(state_); }
  const T& value() const { return std::get<T>(state_); }
  const OsError& error() const { return std::get<OsError>(state_); }

 private:
  std::variant<T, OsError> state_;
};

// For calls that give back nothing but may fail. Reads like the optional it replaces:
// `if (auto error = view.unmap()) report(*error);` — true when the call failed.
class [[nodiscard]] Status {
 public:
  Status() = default;                                         // success
  Status(std::nullopt_t) {}                                   // NOLINT: success, as `return std::nullopt;`
  Status(OsError error) : error_(std::move(error)) {}         // NOLINT: implicit by design

  bool failed() const { return error_.has_value(); }
  explicit operator bool() const { return failed(); }
  const OsError& operator*() const { return *error_; }
  const OsError* operator->() const { return &*error_; }

 private:
  std::optional<OsError> error_;
};

}  // namespace shmh::platform
