// The OS handle kinds that the public owner classes (Mapping, View, NamedSync, WakeSignal,
// PrivateNamespace) hold, as UniqueResource policies over plain integers and pointers, so that no
// OS header leaks out of harness/platform. Each policy says once what "no handle" is; its close
// is defined in the _win.cpp or _posix.cpp that makes such handles (a no-op where a platform
// makes none). Closing from a destructor cannot report: the owners' close()/unmap() do.
#pragma once

#include <cstddef>
#include <cstdint>

#include "harness/platform/unique_resource.h"

namespace shmh::platform {

// A mapping object: a section HANDLE on Windows (none: 0, what CreateFileMappingW and
// OpenFileMappingW return on failure), a shm_open file descriptor on POSIX (none: -1).
struct MappingHandlePolicy {
  using type = std::intptr_t;
  static type invalid();
  static void close(type handle);
};
using UniqueMappingHandle = UniqueResource<MappingHandlePolicy>;

// A view in this process's address space: MapViewOfFile's address, or mmap's address and length
// (munmap needs both). None: a null address.
struct MappedRegion {
  void* data = nullptr;
  std::size_t length = 0;
  bool operator==(const MappedRegion&) const = default;
};
struct MappedRegionPolicy {
  using type = MappedRegion;
  static MappedRegion invalid() { return {}; }
  static void close(MappedRegion region);
};
using UniqueMappedRegion = UniqueResource<MappedRegionPolicy>;

// A Windows kernel object HANDLE (event, mutex, semaphore). None: 0, what the Create* functions
// return on failure (INVALID_HANDLE_VALUE is never stored: it is the current process's pseudo
// handle). POSIX makes none.
struct KernelHandlePolicy {
  using type = std::intptr_t;
  static constexpr type invalid() { return 0; }
  static void close(type handle);
};
using UniqueKernelHandle = UniqueResource<KernelHandlePolicy>;

// Windows private namespaces: a boundary descriptor (DeleteBoundaryDescriptor) and the namespace
// handle (ClosePrivateNamespace). None: 0, what their Create functions return on failure.
struct BoundaryDescriptorPolicy {
  using type = std::intptr_t;
  static constexpr type invalid() { return 0; }
  static void close(type handle);
};
struct PrivateNamespacePolicy {
  using type = std::intptr_t;
  static constexpr type invalid() { return 0; }
  static void close(type handle);
};

}  // namespace shmh::platform
