// The windows and consoles of other processes, for `pair` running programs never built for the
// harness: a child's message boxes (found, read, dismissed) and a key sent to a child's console.
// Reading never changes a box; only dismiss_message_box acts on it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/platform/result.h"

namespace shmh::platform {

// A message box (a #32770 dialog on Windows) shown by another process.
struct MessageBoxInfo {
  std::uint64_t window = 0;  // the HWND's value, for dismiss_message_box
  std::int64_t pid = 0;      // the process that owns it
  std::string title;         // UTF-8: "Process2"
  std::string text;          // UTF-8: "Message from first process."
  std::vector<std::string> buttons;  // "OK"
};

// Whether this process can see other processes' windows at all. Fails with why not: POSIX has
// no message boxes; under Wine without a display (no $DISPLAY) a MessageBox fails at once and
// there is nothing to read; on Windows a window station without desktops to enumerate.
Status can_see_windows();

// The top-level message boxes that process `pid` shows now, read without changing them.
Result<std::vector<MessageBoxInfo>> message_boxes_of(std::int64_t pid);

// Closes the box as its OK (else Cancel) button would, so the program goes on.
Status dismiss_message_box(const MessageBoxInfo& box);

// Sends one key press (down and up) to the console of process `pid`, which must have a console
// of its own (ProgramOptions::own_console). Windows only: it leaves its own console
// (FreeConsole, AttachConsole(pid)), so call it only in a process of its own, the internal
// command `shm-harness console-key --pid N [--key K]`. POSIX: fails (no consoles: a key is a
// line on the program's stdin).
Status send_key_to_console_of(std::int64_t pid, char32_t key);

}  // namespace shmh::platform
