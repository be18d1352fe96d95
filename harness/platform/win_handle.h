// RAII owner for Win32 HANDLEs (closing preserves the caller's last error), for the Windows backend.
#pragma once

#include <windows.h>

#include "harness/platform/unique_resource.h"

namespace shmh::platform {

struct HandlePolicy {
  using type = HANDLE;
  static HANDLE invalid() { return nullptr; }
  static void close(HANDLE handle) {
    const DWORD saved = ::GetLastError();
    if (handle != INVALID_HANDLE_VALUE) ::CloseHandle(handle);
    ::SetLastError(saved);
  }
};
using UniqueHandle = UniqueResource<HandlePolicy>;

}  // namespace shmh::platform
