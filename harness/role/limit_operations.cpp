// The role's operations for the machine's limits: moving to a small private shm store, and touching
// a view's pages with the first fault reported (its signal or exception, and where) instead of fatal.
#include <stdexcept>

#include "harness/platform/memory_limits.h"
#include "harness/platform/page_touch.h"
#include "harness/platform/system_info.h"
#include "harness/role/operations.h"

namespace shmh {

report::Observation RoleOperations::private_store(const cmd::PrivateStore& command) {
  std::string how;
  const auto status = platform::mount_private_store(command.size, how);
  auto o = observe(status ? (*status).api : "mount(tmpfs, /dev/shm)", "/dev/shm");
  if (status) {
    o.error = to_error_info(*status);
    return o;
  }
  // Read back in this namespace: what shm_open now lands in.
  const auto store = platform::memory_limits();
  o.ok = true;
  o.details = wire::encode_reply(cmd::PrivateStoreReply{.how = how, .store_size = store.store_size, .store_free = store.store_free});
  log_->info("private store: {} ({} bytes, {} free)", how, store.store_size, store.store_free);
  return o;
}

report::Observation RoleOperations::touch(const cmd::Touch& command) {
  Slot& target = slot(command.slot);
  const std::uint64_t offset = command.offset.value_or(0);
  const std::uint64_t length = command.length.value_or(0);
  if (!target.view.valid() || offset > target.view.length() || length > target.view.length() - offset) {
    throw std::invalid_argument("touch of " + std::to_string(length) + " bytes at " + std::to_string(offset) + " does not fit the mapped view");
  }
  const auto outcome = platform::touch_pages(target.view, offset, length);
  auto o = observe(platform::backend() == platform::Backend::windows ? "IsBadWritePtr" : "write", target.mapping.name());
  o.ok = !outcome.fault_offset;
  if (outcome.fault_offset) {
    const auto space = outcome.fault.find(' ');
    o.error = report::ErrorInfo{.code = outcome.code,
                                .symbol = outcome.fault.substr(0, space),
                                .message = outcome.fault + " at offset " + std::to_string(*outcome.fault_offset) + " of the view, after " +
                                           std::to_string(outcome.bytes_touched) + " bytes were touched"};
    log_->info("touch {}: {}", target.mapping.name(), o.error->message);
  }
  o.details = wire::encode_reply(cmd::TouchReply{.bytes_touched = outcome.bytes_touched, .fault_offset = outcome.fault_offset,
                                                 .fault = outcome.fault});
  return o;
}

}  // namespace shmh
