// The Boost.Interprocess message_queue wrapper (or its absence).
#include "harness/platform/boost_queue.h"

#ifdef SHMH_HAVE_BOOST
#include <boost/interprocess/ipc/message_queue.hpp>
#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <boost/lockfree/spsc_queue.hpp>
#endif

#include <cstring>
#include <new>
#include <vector>

#include "harness/platform/cpu.h"
#include "harness/platform/page_buffer.h"

namespace shmh::platform {

#ifdef SHMH_HAVE_BOOST
namespace bi = boost::interprocess;

// The spsc queue's mapping: two index queues (capacity kMaxSpscSlots + 1 entries, the array
// inside the object), each on its own cache lines, then the blocks.
using SlotQueue = boost::lockfree::spsc_queue<std::uint32_t, boost::lockfree::capacity<BoostQueue::kMaxSpscSlots + 1>>;
struct SpscHeader {
  alignas(128) SlotQueue full;
  alignas(128) SlotQueue free;
  alignas(128) std::uint64_t slots = 0, block = 0;
};
constexpr std::size_t kSpscData = (sizeof(SpscHeader) + 4095) / 4096 * 4096;

struct BoostQueue::Impl {
  Kind kind = Kind::message_queue;
  std::unique_ptr<bi::message_queue> queue;
  bi::shared_memory_object shm;
  bi::mapped_region region;
  SpscHeader* header = nullptr;
  std::byte* data = nullptr;
  PageBuffer buffer;  // page-aligned, as the ring's (page_buffer.h)
};

bool boost_queue_available() { return true; }

// Boost names have no leading slash and no prefix: the run's name without "Local\".
static std::string boost_name(const std::string& name) {
  const auto slash = name.find('\\');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

Result<BoostQueue> BoostQueue::attach(const std::string& name, std::uint64_t slots, std::uint64_t block, bool create, Kind kind) {
  auto impl = std::make_unique<Impl>();
  impl->kind = kind;
  if (kind == Kind::spsc) {
    if (slots < 1 || slots > kMaxSpscSlots) return make_os_error("boost::lockfree::spsc_queue (1 to 63 slots)", 0);
    try {
      const std::string shm_name = boost_name(name) + "-spsc";
      const auto bytes = static_cast<bi::offset_t>(kSpscData + slots * block);
      if (create) {
        impl->shm = bi::shared_memory_object(bi::create_only, shm_name.c_str(), bi::read_write);
        impl->shm.truncate(bytes);
      } else {
        impl->shm = bi::shared_memory_object(bi::open_only, shm_name.c_str(), bi::read_write);
      }
      impl->region = bi::mapped_region(impl->shm, bi::read_write);
      auto* base = static_cast<std::byte*>(impl->region.get_address());
      if (create) {
        impl->header = new (base) SpscHeader();
        impl->header->slots = slots;
        impl->header->block = block;
        for (std::uint32_t i = 0; i < slots; ++i) impl->header->free.push(i);
      } else {
        impl->header = std::launder(reinterpret_cast<SpscHeader*>(base));
      }
      impl->data = base + kSpscData;
      // Touch every page before timing, as the ring does.
      if (create) std::memset(impl->data, 0, slots * block);
    } catch (const bi::interprocess_exception& e) {
      OsError error = make_os_error("boost::lockfree::spsc_queue in boost::interprocess::shared_memory_object", e.get_native_error());
      error.message = e.what();
      return error;
    }
    impl->buffer = PageBuffer(block, std::byte{'x'});
    return BoostQueue(std::move(impl));
  }
  try {
    if (create) {
      impl->queue = std::make_unique<bi::message_queue>(bi::create_only, boost_name(name).c_str(), slots, block);
    } else {
      impl->queue = std::make_unique<bi::message_queue>(bi::open_only, boost_name(name).c_str());
    }
  } catch (const bi::interprocess_exception& e) {
    OsError error = make_os_error("boost::interprocess::message_queue", e.get_native_error());
    error.message = e.what();
    return error;
  }
  impl->buffer = PageBuffer(block, std::byte{'x'});
  return BoostQueue(std::move(impl));
}

std::uint64_t BoostQueue::send(std::uint64_t count) {
  if (impl_->kind == Kind::spsc) {
    SpscHeader& h = *impl_->header;
    for (std::uint64_t i = 0; i < count; ++i) {
      std::uint32_t slot = 0;
      for (SpinWait spin; !h.free.pop(slot);) spin.once();
      std::memcpy(impl_->data + slot * h.block, impl_->buffer.data(), h.block);
      while (!h.full.push(slot)) {
      }  // never full: it holds at most `slots` indices
    }
    return 0;
  }
  for (std::uint64_t i = 0; i < count; ++i) impl_->queue->send(impl_->buffer.data(), impl_->buffer.size(), 0);
  return 0;
}

std::uint64_t BoostQueue::receive(std::uint64_t count) {
  std::uint64_t wrong = 0;
  if (impl_->kind == Kind::spsc) {
    SpscHeader& h = *impl_->header;
    for (std::uint64_t i = 0; i < count; ++i) {
      std::uint32_t slot = 0;
      for (SpinWait spin; !h.full.pop(slot);) spin.once();
      if (slot >= h.slots) ++wrong;
      else std::memcpy(impl_->buffer.data(), impl_->data + slot * h.block, h.block);
      while (!h.free.push(slot)) {
      }
    }
    return wrong;
  }
  for (std::uint64_t i = 0; i < count; ++i) {
    bi::message_queue::size_type received = 0;
    unsigned priority = 0;
    impl_->queue->receive(impl_->buffer.data(), impl_->buffer.size(), received, priority);
    if (received != impl_->buffer.size()) ++wrong;
  }
  return wrong;
}

void BoostQueue::remove(const std::string& name) {
  bi::message_queue::remove(boost_name(name).c_str());
  bi::shared_memory_object::remove((boost_name(name) + "-spsc").c_str());
}

#else

struct BoostQueue::Impl {};
bool boost_queue_available() { return false; }
Result<BoostQueue> BoostQueue::attach(const std::string&, std::uint64_t, std::uint64_t, bool, Kind) {
  return make_os_error("boost::interprocess::message_queue (not built in)", 0);
}
std::uint64_t BoostQueue::send(std::uint64_t) { return 0; }
std::uint64_t BoostQueue::receive(std::uint64_t) { return 0; }
void BoostQueue::remove(const std::string&) {}

#endif

BoostQueue::BoostQueue(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BoostQueue::~BoostQueue() = default;
BoostQueue::BoostQueue(BoostQueue&&) noexcept = default;
BoostQueue& BoostQueue::operator=(BoostQueue&&) noexcept = default;

}  // namespace shmh::platform
