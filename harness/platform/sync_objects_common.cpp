// OS-independent part of the named synchronisation objects.
#include "harness/platform/sync_objects.h"

namespace shmh::platform {

const char* sync_kind_name(SyncKind kind) {
  return kind == SyncKind::event ? "event" : kind == SyncKind::mutex ? "mutex" : "semaphore";
}

}  // namespace shmh::platform
