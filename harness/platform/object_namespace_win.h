// Shared between the Windows object-namespace files only: an object's NT name, and the holders scan.
#pragma once

#include <windows.h>

#include <map>
#include <optional>
#include <string>

#include "harness/platform/object_namespace.h"

namespace shmh::platform {

// NtQueryObject(ObjectNameInformation): "\Sessions\1\BaseNamedObjects\Orders"; nothing on failure.
// Only for handles of directories, sections, events, mutexes and semaphores: on some pipe and
// file handles the query never returns.
std::optional<std::wstring> query_object_name(HANDLE handle);

// Adds to each object of `snapshot` the processes holding a handle to it, found in the system
// handle table; `by_path` maps full NT paths to indices in snapshot.objects. Processes whose
// handles cannot be duplicated are added to snapshot.unreadable.
void add_holders(NamespaceSnapshot& snapshot, const std::map<std::wstring, std::size_t>& by_path);

}  // namespace shmh::platform
