// The role commands on mappings and views, and the details of their replies: one struct each,
// with the op string and field names the control channel has always used.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/protocol/wire.h"

namespace shmh::cmd {

using NoReply = wire::Empty;

// Details of a create that got a handle (a fresh object, or Windows' existing one with 183).
struct CreateReply {
  std::uint64_t size = 0;
  bool already_existed = false;
  std::int64_t t_ns = 0;  // steady clock when the create returned, comparable across processes
  friend bool operator==(const CreateReply&, const CreateReply&) = default;
};
SHMH_WIRE_TYPE(CreateReply, size, already_existed, t_ns)

// Creates `name` of `size` bytes and holds it in `slot` ("0" when absent).
struct Create {
  std::string name;
  std::uint64_t size = 0;
  std::optional<std::string> sddl{};     // Windows: the DACL, as SDDL
  std::optional<unsigned> mode{};        // POSIX: the mode bits (0600 when absent)
  std::optional<bool> ansi{};            // Windows: CreateFileMappingA instead of W
  std::optional<bool> large_pages{};     // Windows: SEC_LARGE_PAGES
  std::optional<std::string> slot{};
  // PAGE_* | SEC_* by name or number ("PAGE_READONLY|SEC_COMMIT", "0x8000004"): the protection
  // CreateFileMappingW gets instead of PAGE_READWRITE (platform/shared_memory.h says what POSIX does).
  std::optional<std::string> protection{};
  // Create-or-open: POSIX shm_open without O_EXCL, so an existing object is opened (Windows always
  // does this: an existing section gives a handle and 183). Absent: POSIX fails on an existing name.
  std::optional<bool> or_open{};
  static constexpr std::string_view op = "create";
  using Reply = CreateReply;
  static constexpr bool details_only_when_ok = true;
  friend bool operator==(const Create&, const Create&) = default;
};
SHMH_WIRE_TYPE(Create, name, size, sddl, mode, ansi, large_pages, slot, protection, or_open)

struct OpenReply {
  std::string access;               // "read" or "write", or the access mask's names when one was given
  std::optional<std::uint64_t> size{};  // absent where the OS does not say (Windows sections)
  friend bool operator==(const OpenReply&, const OpenReply&) = default;
};
SHMH_WIRE_TYPE(OpenReply, access, size)

struct Open {
  std::string name;
  std::optional<std::string> access{};  // "read" or "write" (the default)
  std::optional<std::string> slot{};
  // FILE_MAP_* | SECTION_* by name or number ("FILE_MAP_WRITE", "0"): replaces `access`.
  std::optional<std::string> access_mask{};
  std::optional<bool> null_name{};  // Windows: OpenFileMappingW gets NULL for the name
  static constexpr std::string_view op = "open";
  using Reply = OpenReply;
  static constexpr bool details_only_when_ok = true;
  friend bool operator==(const Open&, const Open&) = default;
};
SHMH_WIRE_TYPE(Open, name, access, slot, access_mask, null_name)

struct MapReply {
  std::uint64_t length = 0;
  std::uint64_t offset = 0;
  // What a whole view of the object spans (VirtualQuery's region): absent when it cannot be asked.
  std::optional<std::uint64_t> region_size{};
  friend bool operator==(const MapReply&, const MapReply&) = default;
};
SHMH_WIRE_TYPE(MapReply, length, offset, region_size)

// Maps a view of the slot's mapping; length 0 (or absent) maps all of it.
struct Map {
  std::optional<std::string> access{};
  std::optional<std::uint64_t> offset{};
  std::optional<std::uint64_t> length{};
  std::optional<std::string> slot{};
  // FILE_MAP_* by name or number ("FILE_MAP_COPY", "0"): replaces `access`.
  std::optional<std::string> access_mask{};
  static constexpr std::string_view op = "map";
  using Reply = MapReply;
  static constexpr bool details_only_when_ok = true;
  friend bool operator==(const Map&, const Map&) = default;
};
SHMH_WIRE_TYPE(Map, access, offset, length, slot, access_mask)

struct WriteReply {
  std::uint64_t bytes = 0;
  std::uint64_t offset = 0;
  friend bool operator==(const WriteReply&, const WriteReply&) = default;
};
SHMH_WIRE_TYPE(WriteReply, bytes, offset)

// Writes `text` (with its NUL) into the slot's view; a read-only view faults, on purpose.
struct Write {
  std::string text;
  std::optional<std::string> encoding{};  // "utf8" (the default) or "utf16"
  std::optional<std::uint64_t> offset{};
  std::optional<std::string> slot{};
  static constexpr std::string_view op = "write";
  using Reply = WriteReply;
  friend bool operator==(const Write&, const Write&) = default;
};
SHMH_WIRE_TYPE(Write, text, encoding, offset, slot)

struct ReadReply {
  std::string text;
  std::string encoding;
  bool all_zero = false;
  std::uint64_t length = 0;
  friend bool operator==(const ReadReply&, const ReadReply&) = default;
};
SHMH_WIRE_TYPE(ReadReply, text, encoding, all_zero, length)

struct Read {
  std::optional<std::uint64_t> offset{};
  std::optional<std::uint64_t> length{};
  std::optional<std::string> encoding{};  // "auto" (the default), "utf8" or "utf16"
  std::optional<std::string> slot{};
  static constexpr std::string_view op = "read";
  using Reply = ReadReply;
  friend bool operator==(const Read&, const Read&) = default;
};
SHMH_WIRE_TYPE(Read, offset, length, encoding, slot)

struct Unmap {
  std::optional<std::string> slot{};
  static constexpr std::string_view op = "unmap";
  using Reply = NoReply;
  friend bool operator==(const Unmap&, const Unmap&) = default;
};
SHMH_WIRE_TYPE(Unmap, slot)

struct Close {
  std::optional<std::string> slot{};
  static constexpr std::string_view op = "close";
  using Reply = NoReply;
  friend bool operator==(const Close&, const Close&) = default;
};
SHMH_WIRE_TYPE(Close, slot)

struct Unlink {
  std::string name;
  static constexpr std::string_view op = "unlink";
  using Reply = NoReply;
  friend bool operator==(const Unlink&, const Unlink&) = default;
};
SHMH_WIRE_TYPE(Unlink, name)

struct ResizeReply {
  std::uint64_t size = 0;
  friend bool operator==(const ResizeReply&, const ResizeReply&) = default;
};
SHMH_WIRE_TYPE(ResizeReply, size)

// POSIX: ftruncate of the slot's mapping.
struct Resize {
  std::uint64_t size = 0;
  std::optional<std::string> slot{};
  static constexpr std::string_view op = "resize";
  using Reply = ResizeReply;
  friend bool operator==(const Resize&, const Resize&) = default;
};
SHMH_WIRE_TYPE(Resize, size, slot)

// Writes half of `text`, then faults: the role dies mid-write and never answers.
struct CrashMidWrite {
  std::string text;
  std::optional<std::string> slot{};
  static constexpr std::string_view op = "crash_mid_write";
  using Reply = NoReply;
  friend bool operator==(const CrashMidWrite&, const CrashMidWrite&) = default;
};
SHMH_WIRE_TYPE(CrashMidWrite, text, slot)

// The role's life: a greeting, a sleep (to test timeouts), an exit with a code.
struct Hello : wire::Empty {
  static constexpr std::string_view op = "hello";
  using Reply = NoReply;
};

struct Sleep {
  std::int64_t ms = 0;
  static constexpr std::string_view op = "sleep";
  using Reply = NoReply;
  friend bool operator==(const Sleep&, const Sleep&) = default;
};
SHMH_WIRE_TYPE(Sleep, ms)

struct Exit {
  std::optional<int> code{};
  static constexpr std::string_view op = "exit";
  using Reply = NoReply;
  friend bool operator==(const Exit&, const Exit&) = default;
};
SHMH_WIRE_TYPE(Exit, code)

// Fault injection for the orchestrator's tests: the role puts `text` (`repeat` times, then a
// newline unless told not to) on the control channel instead of an answer, and may exit.
struct Emit {
  std::string text;
  std::optional<std::int64_t> repeat{};
  std::optional<bool> newline{};
  std::optional<bool> then_exit{};
  std::optional<int> exit_code{};
  static constexpr std::string_view op = "emit";
  using Reply = NoReply;
  friend bool operator==(const Emit&, const Emit&) = default;
};
SHMH_WIRE_TYPE(Emit, text, repeat, newline, then_exit, exit_code)

}  // namespace shmh::cmd
