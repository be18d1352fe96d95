// Windows named events, mutexes and semaphores: they share the object namespace with sections.
#include <windows.h>

#include <utility>

#include "harness/platform/sync_objects.h"
#include "harness/platform/win_handle.h"
#include "harness/platform/win_text.h"

namespace shmh::platform {

void KernelHandlePolicy::close(type handle) { HandlePolicy::close(reinterpret_cast<HANDLE>(handle)); }

bool sync_objects_share_mapping_namespace() { return true; }

Result<NamedSync> create_named_sync(SyncKind kind, std::string_view name) {
  const std::wstring wide = to_utf16(name);
  HANDLE handle = nullptr;
  const char* api = "";
  switch (kind) {
    case SyncKind::event:
      api = "CreateEventW";
      handle = ::CreateEventW(nullptr, TRUE, FALSE, wide.c_str());
      break;
    case SyncKind::mutex:
      api = "CreateMutexW";
      handle = ::CreateMutexW(nullptr, FALSE, wide.c_str());
      break;
    case SyncKind::semaphore:
      api = "CreateSemaphoreW";
      handle = ::CreateSemaphoreW(nullptr, 0, 1, wide.c_str());
      break;
  }
  if (handle == nullptr) return last_os_error(api);
  return NamedSync(reinterpret_cast<std::intptr_t>(handle));
}

}  // namespace shmh::platform
