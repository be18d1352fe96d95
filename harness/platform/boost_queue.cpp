// The Boost.Interprocess message_queue wrapper (or its absence).
#include "harness/platform/boost_queue.h"

#ifdef SHMH_HAVE_BOOST
#include <boost/interprocess/ipc/message_queue.hpp>
#endif

#include <vector>

namespace shmh::platform {

#ifdef SHMH_HAVE_BOOST
namespace bi = boost::interprocess;

struct BoostQueue::Impl {
  std::unique_ptr<bi::message_queue> queue;
  std::vector<char> buffer;
};

bool boost_queue_available() { return true; }

// Boost names have no leading slash and no prefix: the run's name without "Local\".
static std::string boost_name(const std::string& name) {
  const auto slash = name.find('\\');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

Result<BoostQueue> BoostQueue::attach(const std::string& name, std::uint64_t slots, std::uint64_t block, bool create) {
  auto impl = std::make_unique<Impl>();
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
  impl->buffer.assign(block, 'x');
  return BoostQueue(std::move(impl));
}

std::uint64_t BoostQueue::send(std::uint64_t count) {
  for (std::uint64_t i = 0; i < count; ++i) impl_->queue->send(impl_->buffer.data(), impl_->buffer.size(), 0);
  return 0;
}

std::uint64_t BoostQueue::receive(std::uint64_t count) {
  std::uint64_t wrong = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    bi::message_queue::size_type received = 0;
    unsigned priority = 0;
    impl_->queue->receive(impl_->buffer.data(), impl_->buffer.size(), received, priority);
    if (received != impl_->buffer.size()) ++wrong;
  }
  return wrong;
}

void BoostQueue::remove(const std::string& name) { bi::message_queue::remove(boost_name(name).c_str()); }

#else

struct BoostQueue::Impl {};
bool boost_queue_available() { return false; }
Result<BoostQueue> BoostQueue::attach(const std::string&, std::uint64_t, std::uint64_t, bool) {
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
