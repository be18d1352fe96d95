// Touching a view's pages one at a time and reporting the first one that faults, instead of dying of
// it: POSIX SIGBUS (a page of a tmpfs object its store has no room for, or past the object's end) or
// SIGSEGV; Windows an access violation (a page of a SEC_RESERVE view nobody committed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/platform/shared_memory.h"

namespace shmh::platform {

struct TouchOutcome {
  std::uint64_t bytes_touched = 0;            // from `offset`, before the fault (all of them without one)
  std::optional<std::uint64_t> fault_offset;  // the faulting address, as an offset into the view
  std::string fault;                          // "SIGBUS (BUS_ADRERR)", "EXCEPTION_ACCESS_VIOLATION"; "" without one
  std::int64_t code = 0;                      // the signal number, or the exception code
};

// Writes one byte into every page of [offset, offset + length) of `view` (length 0: to its end), in
// order, and stops at the first page that faults. The caller checks the range fits the view.
TouchOutcome touch_pages(const View& view, std::uint64_t offset, std::uint64_t length);

}  // namespace shmh::platform
