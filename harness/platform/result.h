// Result<T>: a value or the OsError that prevented it. The error strategy is in the type:
// platform calls never throw for OS failures, because a diagnostic tool must report them.
#pragma once

#include <optional>
#include <utility>
#include <variant>

#include "harness/platform/os_error.h"

namespace shmh::platform {

template <typename T>
class Result {
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

// For calls that give back nothing but may fail.
using Status = std::optional<OsError>;

}  // namespace shmh::platform
