// Role commands for the traps between handles, sections and views: a second handle with another
// access, committing a reserved section's pages, unmapping at an address that is not a view's start.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/protocol/wire.h"

namespace shmh::cmd {

// A second handle to the mapping of slot `from` with `access_mask` (DuplicateHandle), held in `slot`.
struct Duplicate {
  std::string access_mask;  // FILE_MAP_* | SECTION_* by name or number
  std::optional<std::string> from{};
  std::optional<std::string> slot{};
  static constexpr std::string_view op = "duplicate";
  using Reply = wire::Empty;
  friend bool operator==(const Duplicate&, const Duplicate&) = default;
};
SHMH_WIRE_TYPE(Duplicate, access_mask, from, slot)

// Commits `length` bytes at `offset` of the slot's view (VirtualAlloc MEM_COMMIT; POSIX posix_fallocate).
struct Commit {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::optional<std::string> slot{};
  static constexpr std::string_view op = "commit";
  using Reply = wire::Empty;
  friend bool operator==(const Commit&, const Commit&) = default;
};
SHMH_WIRE_TYPE(Commit, offset, length, slot)

struct CommittedReply {
  std::uint64_t bytes = 0;
  friend bool operator==(const CommittedReply&, const CommittedReply&) = default;
};
SHMH_WIRE_TYPE(CommittedReply, bytes)

// How many bytes from `offset` of the slot's view the OS says are committed (POSIX: allocated).
struct Committed {
  std::optional<std::uint64_t> offset{};
  std::optional<std::string> slot{};
  static constexpr std::string_view op = "committed";
  using Reply = CommittedReply;
  static constexpr bool details_only_when_ok = true;
  friend bool operator==(const Committed&, const Committed&) = default;
};
SHMH_WIRE_TYPE(Committed, offset, slot)

struct UnmapInsideReply {
  bool base_mapped = false;
  bool offset_mapped = false;
  friend bool operator==(const UnmapInsideReply&, const UnmapInsideReply&) = default;
};
SHMH_WIRE_TYPE(UnmapInsideReply, base_mapped, offset_mapped)

// UnmapViewOfFile at `offset` bytes into the slot's view (POSIX: munmap of that page).
struct UnmapInside {
  std::uint64_t offset = 0;
  std::optional<std::string> slot{};
  static constexpr std::string_view op = "unmap_inside";
  using Reply = UnmapInsideReply;
  static constexpr bool details_only_when_ok = true;
  friend bool operator==(const UnmapInside&, const UnmapInside&) = default;
};
SHMH_WIRE_TYPE(UnmapInside, offset, slot)

// UnmapViewOfFile of memory that is not a view (POSIX: munmap of a page that holds nothing).
struct UnmapNotAView : wire::Empty {
  static constexpr std::string_view op = "unmap_not_a_view";
  using Reply = wire::Empty;
};

}  // namespace shmh::cmd
