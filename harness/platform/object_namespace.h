// The object namespace as it is: which named objects exist (sections, events, mutexes,
// semaphores; POSIX shared-memory objects and named semaphores), their size and security, which
// processes hold or map them, and the near misses of a name. Watching never holds: listing reads
// the directory without opening the objects, and every handle duplicated to learn a holder's
// object name is closed before the next call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/platform/result.h"

namespace shmh::platform {

// A process that holds a handle to the object (Windows), or an open descriptor / a mapping of it
// (POSIX).
struct ObjectHolder {
  std::int64_t pid = 0;
  std::string image;   // "OrdersService.exe", "shm-harness"; "" when the process hides it
  std::string access;  // "FILE_MAP_ALL_ACCESS", "FILE_MAP_READ | FILE_MAP_WRITE"; POSIX: "O_RDWR", "mapped rw-s"
  std::uint32_t granted = 0;  // Windows: the raw granted access mask; POSIX: 0
  bool maps_only = false;     // POSIX: maps it without an open descriptor (its view outlives the handle)
};

struct NamedObject {
  std::string name;       // as a caller writes it: "Local\\Orders", "Global\\Orders", "Session\\2\\Orders"; POSIX "Orders"
  std::string base_name;  // the part after the namespace: "Orders"
  std::string directory;  // "\\Sessions\\1\\BaseNamedObjects", "\\BaseNamedObjects"; POSIX "/dev/shm"
  std::string type;       // "section", "event", "mutex", "semaphore", or the OS's own type name lowercased
  std::optional<std::uint32_t> session;  // Windows: the session whose Local\ namespace holds it; none for Global\ and POSIX
  std::optional<std::uint64_t> size;     // sections / shared-memory objects, when readable
  std::string owner;       // "" when unreadable
  std::string descriptor;  // SDDL (Windows) or mode bits "0600" (POSIX); "" when unreadable
  std::vector<ObjectHolder> holders;
};

// A process whose handles or descriptors could not be examined: it may hold any object listed.
struct UnreadableProcess {
  std::int64_t pid = 0;
  std::string image;   // "" when not even the image name is readable
  std::string reason;  // "OpenProcess(PROCESS_DUP_HANDLE) failed: 5 ERROR_ACCESS_DENIED"
};

// Which directories to list (Windows). POSIX has one namespace per machine: always /dev/shm.
enum class NamespaceScope {
  own_and_global,  // this process's Local\ and the Global\ directory
  session,         // one session's Local\ directory (NamespaceQuery::session)
  global,          // \BaseNamedObjects only
  all,             // every session under \Sessions, and Global\ (diagnose's near misses)
};

struct NamespaceQuery {
  NamespaceScope scope = NamespaceScope::own_and_global;
  std::optional<std::uint32_t> session;  // for NamespaceScope::session
  bool with_details = true;   // size, owner, descriptor of sections / shared-memory objects
  bool with_holders = true;
};

struct NamespaceSnapshot {
  std::vector<std::string> directories;  // what was listed
  std::optional<std::uint32_t> own_session;  // Windows: this process's session
  // Windows: Local\ and Global\ are one directory here (session 0, or a session directory that
  // is a link to the global one), so a name
  // in either is the same object. Always true on POSIX.
  bool one_namespace = false;
  std::vector<NamedObject> objects;         // sorted by directory, then name
  std::vector<UnreadableProcess> unreadable;  // processes whose holdings are unknown
  std::vector<OsError> problems;            // a directory that could not be listed, a query that failed
};

// Reads the namespace. Fails only when nothing at all could be listed.
Result<NamespaceSnapshot> snapshot_namespace(const NamespaceQuery& query);

// How a listed object relates to the name someone asked for ("Global\\Orders").
enum class NearMiss {
  exact = 0,           // this very object (same namespace, same type family, same spelling)
  other_namespace = 1, // same base name in another namespace or session
  other_type = 2,      // same name, another kind of object (an event where a section was wanted)
  other_case = 3,      // differs only in letter case (names are case-sensitive)
  spacing = 4,         // differs only in leading or trailing spaces
};
const char* near_miss_name(NearMiss kind);

struct RelatedObject {
  NearMiss kind = NearMiss::exact;
  const NamedObject* object = nullptr;  // points into the snapshot given
};

// The objects of `snapshot` that `name` (Windows form) names or nearly names, exact ones first.
// `wanted_type` is the kind the caller means ("section"). Pure: tested without an OS.
std::vector<RelatedObject> related_objects(const NamespaceSnapshot& snapshot, std::string_view name,
                                           std::string_view wanted_type = "section");

// Windows FILE_MAP_* / SECTION_* rights of an access mask as text: "FILE_MAP_ALL_ACCESS",
// "FILE_MAP_READ | FILE_MAP_WRITE". Pure: the values are Microsoft's documented constants.
std::string describe_section_access(std::uint32_t mask);

}  // namespace shmh::platform
