// Named synchronisation objects (Windows events, mutexes, semaphores), for the scenarios that
// show they share one namespace with sections. POSIX keeps them in separate namespaces.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "harness/platform/native_handles.h"
#include "harness/platform/result.h"

namespace shmh::platform {

enum class SyncKind { event, mutex, semaphore };
const char* sync_kind_name(SyncKind kind);

// Move-only owner of a named synchronisation object.
class NamedSync {
 public:
  NamedSync() = default;
  explicit NamedSync(std::intptr_t native) : handle_(native) {}

 private:
  UniqueKernelHandle handle_;
};

// Whether names of synchronisation objects and mappings share one namespace here.
bool sync_objects_share_mapping_namespace();
// Windows: CreateEventW / CreateMutexW / CreateSemaphoreW. POSIX: ENOTSUP, nothing is called.
Result<NamedSync> create_named_sync(SyncKind kind, std::string_view name);

}  // namespace shmh::platform
