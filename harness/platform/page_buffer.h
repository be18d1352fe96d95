// A process-private buffer that starts on a page boundary, as a mapping's slots do.
// memcpy's speed depends on where the source and the destination lie within their pages (4K
// aliasing between the copy's loads and stores, and the C runtime's choice of copy loop). A heap
// buffer's offset in its page depends on its size and on what was allocated before it, so the
// ring, the hand-off and the Boost queues would each copy at a different, accidental alignment
// and their figures would differ for no reason of their own. Every buffer that a measured copy
// reads or writes is one of these, so they all copy page to page.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <new>

namespace shmh::platform {

class PageBuffer {
 public:
  static constexpr std::size_t kAlignment = 4096;

  PageBuffer() = default;
  // `size` bytes, each set to `fill`: the pages are real before anything is timed.
  explicit PageBuffer(std::size_t size, std::byte fill = std::byte{0})
      : data_(size > 0 ? static_cast<std::byte*>(::operator new(size, std::align_val_t{kAlignment})) : nullptr), size_(size) {
    if (size_ > 0) std::memset(data_.get(), static_cast<int>(fill), size_);
  }
  PageBuffer(const PageBuffer& other) : PageBuffer(other.size_) {
    if (size_ > 0) std::memcpy(data_.get(), other.data_.get(), size_);
  }
  PageBuffer& operator=(const PageBuffer& other) {
    if (this != &other) *this = PageBuffer(other);
    return *this;
  }
  PageBuffer(PageBuffer&&) noexcept = default;
  PageBuffer& operator=(PageBuffer&&) noexcept = default;

  std::byte* data() { return data_.get(); }
  const std::byte* data() const { return data_.get(); }
  std::size_t size() const { return size_; }
  std::byte& operator[](std::size_t i) { return data_.get()[i]; }
  const std::byte& operator[](std::size_t i) const { return data_.get()[i]; }

 private:
  struct Free {
    void operator()(std::byte* p) const { ::operator delete(p, std::align_val_t{kAlignment}); }
  };
  std::unique_ptr<std::byte[], Free> data_;
  std::size_t size_ = 0;
};

}  // namespace shmh::platform
