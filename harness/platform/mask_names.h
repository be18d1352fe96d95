// Access masks and protections by name: FILE_MAP_* / SECTION_* (a handle's or a view's access) and
// PAGE_* / SEC_* (a section's protection and attributes), in Windows' own encoding on every
// platform, so a scenario or a user can say "FILE_MAP_READ|FILE_MAP_WRITE" and POSIX can
// interpret the same value. Plain functions, no OS call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shmh::platform {

// Windows' values (winnt.h / memoryapi.h); shared_memory_win.cpp checks them against <windows.h>.
namespace mask {
inline constexpr std::uint32_t kFileMapCopy = 0x0001;      // FILE_MAP_COPY (= SECTION_QUERY)
inline constexpr std::uint32_t kFileMapWrite = 0x0002;     // FILE_MAP_WRITE (= SECTION_MAP_WRITE)
inline constexpr std::uint32_t kFileMapRead = 0x0004;      // FILE_MAP_READ (= SECTION_MAP_READ)
inline constexpr std::uint32_t kSectionMapExecute = 0x0008;
inline constexpr std::uint32_t kSectionExtendSize = 0x0010;
inline constexpr std::uint32_t kFileMapExecute = 0x0020;   // FILE_MAP_EXECUTE (= SECTION_MAP_EXECUTE_EXPLICIT)
inline constexpr std::uint32_t kFileMapAllAccess = 0xF001F;
inline constexpr std::uint32_t kStandardRightsRequired = 0xF0000;

inline constexpr std::uint32_t kPageNoAccess = 0x01;
inline constexpr std::uint32_t kPageReadOnly = 0x02;
inline constexpr std::uint32_t kPageReadWrite = 0x04;
inline constexpr std::uint32_t kPageWriteCopy = 0x08;
inline constexpr std::uint32_t kPageExecute = 0x10;
inline constexpr std::uint32_t kPageExecuteRead = 0x20;
inline constexpr std::uint32_t kPageExecuteReadWrite = 0x40;
inline constexpr std::uint32_t kPageExecuteWriteCopy = 0x80;
inline constexpr std::uint32_t kSecImage = 0x01000000;
inline constexpr std::uint32_t kSecReserve = 0x04000000;
inline constexpr std::uint32_t kSecCommit = 0x08000000;
inline constexpr std::uint32_t kSecNoCache = 0x10000000;
inline constexpr std::uint32_t kSecWriteCombine = 0x40000000;
inline constexpr std::uint32_t kSecLargePages = 0x80000000;
}  // namespace mask

enum class MaskKind {
  access,      // FILE_MAP_*, SECTION_*, STANDARD_RIGHTS_REQUIRED
  protection,  // PAGE_*, SEC_*
};

// "FILE_MAP_READ|FILE_MAP_WRITE", "0x6", "6", "0" or "FILE_MAP_ALL_ACCESS" -> the value. Names are
// matched exactly (Windows spells them in capitals); spaces around '|' are allowed. On a name it
// does not know, or an empty part, returns nothing and says why in `error`.
std::optional<std::uint32_t> parse_mask(std::string_view text, MaskKind kind, std::string& error);

// The value as names joined by '|', largest composite names first (0xF001F is
// "FILE_MAP_ALL_ACCESS", 0xF0007 is "STANDARD_RIGHTS_REQUIRED|SECTION_QUERY|FILE_MAP_WRITE|FILE_MAP_READ");
// bits without a name are added in hex; 0 is "0".
std::string mask_name(std::uint32_t value, MaskKind kind);

}  // namespace shmh::platform
