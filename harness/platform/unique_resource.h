// One move-only owner for every OS handle kind: a policy names the raw type, its invalid
// value and its close function (after wil's unique_any). Used only inside harness/platform.
#pragma once

#include <utility>

namespace shmh::platform {

// Policy: struct P { using type = ...; static type invalid(); static void close(type); };
template <typename Policy>
class UniqueResource {
 public:
  using type = typename Policy::type;

  UniqueResource() = default;
  explicit UniqueResource(type value) : value_(value) {}
  UniqueResource(const UniqueResource&) = delete;
  UniqueResource& operator=(const UniqueResource&) = delete;
  UniqueResource(UniqueResource&& other) noexcept : value_(other.release()) {}
  UniqueResource& operator=(UniqueResource&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  ~UniqueResource() { reset(); }

  type get() const { return value_; }
  bool valid() const { return value_ != Policy::invalid(); }
  explicit operator bool() const { return valid(); }

  type release() { return std::exchange(value_, Policy::invalid()); }
  void reset(type value = Policy::invalid()) {
    const type old = std::exchange(value_, value);
    if (old != Policy::invalid()) Policy::close(old);
  }

 private:
  type value_ = Policy::invalid();
};

}  // namespace shmh::platform
