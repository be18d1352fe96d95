// POSIX has neither message boxes nor consoles to write keys to: every call fails with why.
#include <cerrno>

#include "harness/platform/desktop.h"

namespace shmh::platform {
namespace {

OsError not_on_posix(const char* what) {
  OsError error = make_os_error(what, ENOTSUP);
  error.message = std::string(what) + " exists only on Windows: POSIX programs report on stdout and stderr, "
                  "which the harness captures, and a key for them is a line on their stdin";
  return error;
}

}  // namespace

Status can_see_windows() { return not_on_posix("MessageBox"); }

Result<std::vector<MessageBoxInfo>> message_boxes_of(std::int64_t) { return not_on_posix("EnumWindows"); }

Status dismiss_message_box(const MessageBoxInfo&) { return not_on_posix("EndDialog"); }

Status send_key_to_console_of(std::int64_t, char32_t) { return not_on_posix("WriteConsoleInputW"); }

}  // namespace shmh::platform
