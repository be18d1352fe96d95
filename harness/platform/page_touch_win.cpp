// Windows: the page touch with IsBadWritePtr, which writes the byte under its own exception handler
// and says whether it faulted; a first vectored handler watches the range and records which
// exception it was and where (it only observes: the search goes on to IsBadWritePtr's handler).
#include <windows.h>

#include "harness/platform/page_touch.h"

namespace shmh::platform {
namespace {

std::uintptr_t touch_watch_begin = 0, touch_watch_end = 0;
volatile DWORD touch_seen_code = 0;
volatile std::uintptr_t touch_seen_address = 0;

LONG CALLBACK observe_touch_fault(EXCEPTION_POINTERS* pointers) {
  const EXCEPTION_RECORD* record = pointers->ExceptionRecord;
  std::uintptr_t address = reinterpret_cast<std::uintptr_t>(record->ExceptionAddress);
  if (record->ExceptionCode == EXCEPTION_ACCESS_VIOLATION && record->NumberParameters >= 2)
    address = static_cast<std::uintptr_t>(record->ExceptionInformation[1]);  // the data address
  if (address >= touch_watch_begin && address < touch_watch_end) {
    touch_seen_code = record->ExceptionCode;
    touch_seen_address = address;
  }
  return EXCEPTION_CONTINUE_SEARCH;
}

}  // namespace

TouchOutcome touch_pages(const View& view, std::uint64_t offset, std::uint64_t length) {
  TouchOutcome outcome;
  const std::uint64_t end = length == 0 ? view.length() : offset + length;
  SYSTEM_INFO info{};
  ::GetSystemInfo(&info);
  const auto base = reinterpret_cast<std::uintptr_t>(view.data());
  touch_watch_begin = base + offset;
  touch_watch_end = base + end;
  touch_seen_code = 0;
  void* const observer = ::AddVectoredExceptionHandler(1, observe_touch_fault);
  std::uint64_t at = offset;
  for (; at < end; at += info.dwPageSize) {
    if (::IsBadWritePtr(reinterpret_cast<void*>(base + at), 1)) break;
  }
  if (observer) ::RemoveVectoredExceptionHandler(observer);
  outcome.bytes_touched = std::min(at, end) - offset;  // `at` moves by whole pages
  if (at < end) {
    outcome.fault_offset = touch_seen_code ? touch_seen_address - base : at;
    outcome.code = touch_seen_code;
    outcome.fault = touch_seen_code == EXCEPTION_ACCESS_VIOLATION ? "EXCEPTION_ACCESS_VIOLATION"
                    : touch_seen_code ? "exception " + std::to_string(touch_seen_code)
                                      : "IsBadWritePtr: not writable (no exception seen by the vectored handler)";
  }
  return outcome;
}

}  // namespace shmh::platform
