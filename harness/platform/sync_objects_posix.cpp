// POSIX: named semaphores live in their own namespace (sem.* in /dev/shm); nothing to clash with.
#include <cerrno>
#include <utility>

#include "harness/platform/sync_objects.h"

namespace shmh::platform {

void KernelHandlePolicy::close(type) {}  // POSIX makes no Windows kernel handles
bool sync_objects_share_mapping_namespace() { return false; }
Result<NamedSync> create_named_sync(SyncKind, std::string_view) { return make_os_error("create_named_sync", ENOTSUP); }

}  // namespace shmh::platform
