// The call marker (OS-independent): a process-wide listener, set once by a role's main.
#include "harness/platform/call_marker.h"

#include <atomic>

namespace shmh::platform {
namespace {
std::atomic<CallListener> listener{nullptr};
}  // namespace

void set_call_listener(CallListener l) { listener.store(l, std::memory_order_release); }

void mark_call(std::string_view api, std::string_view object) {
  if (const CallListener l = listener.load(std::memory_order_acquire)) l(api, object);
}

}  // namespace shmh::platform
