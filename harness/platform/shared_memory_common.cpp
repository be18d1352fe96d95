// OS-independent part of the shared-memory owners: moves.
#include <utility>

#include "harness/platform/shared_memory.h"

namespace shmh::platform {

Mapping::Mapping(std::string name, std::intptr_t native, std::uint64_t size)
    : name_(std::move(name)), native_(native), size_(size) {}

Mapping::Mapping(Mapping&& other) noexcept
    : name_(std::move(other.name_)),
      native_(std::exchange(other.native_, kNone)),
      size_(other.size_) {}

Mapping& Mapping::operator=(Mapping&& other) noexcept {
  if (this != &other) {
    (void)close();
    name_ = std::move(other.name_);
    native_ = std::exchange(other.native_, kNone);
    size_ = other.size_;
  }
  return *this;
}

Mapping::~Mapping() { (void)close(); }

View::View(void* data, std::size_t length, Access access)
    : data_(data), length_(length), access_(access) {}

View::View(View&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      length_(std::exchange(other.length_, 0)),
      access_(other.access_) {}

View& View::operator=(View&& other) noexcept {
  if (this != &other) {
    (void)unmap();
    data_ = std::exchange(other.data_, nullptr);
    length_ = std::exchange(other.length_, 0);
    access_ = other.access_;
  }
  return *this;
}

View::~View() { (void)unmap(); }

}  // namespace shmh::platform
