// OS-independent part of the shared-memory owners: taking ownership of a handle or a view.
#include <utility>

#include "harness/platform/shared_memory.h"

namespace shmh::platform {

Mapping::Mapping(std::string name, std::intptr_t native, std::uint64_t size)
    : name_(std::move(name)), handle_(native), size_(size) {}

View::View(void* data, std::size_t length, Access access) : region_(MappedRegion{data, length}), access_(access) {}

}  // namespace shmh::platform
