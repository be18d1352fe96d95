// Windows implementation of desktop.h: another process's message boxes found with EnumWindows,
// read with WM_GETTEXT, dismissed as their OK button would be; a key written into a console.
#include <windows.h>

#include <cwctype>
#include <string>
#include <vector>

#include "harness/platform/child_process.h"
#include "harness/platform/desktop.h"
#include "harness/platform/desktop_rules.h"
#include "harness/platform/system_info.h"
#include "harness/platform/this_process.h"
#include "harness/platform/win_handle.h"
#include "harness/platform/win_text.h"

namespace shmh::platform {
namespace {

// A program that hangs must not hang the harness: every message sent to another process's
// window gives up after this long (and at once when the system already deems it hung).
constexpr UINT kSendTimeoutMs = 2000;
constexpr int kMessageTextId = 0xFFFF;  // the static control that holds a MessageBox's text

OsError explained(OsError error, std::string why) {
  error.message = error.message.empty() ? std::move(why) : error.message + "; " + why;
  return error;
}

std::wstring class_name(HWND window) {
  wchar_t name[64] = {};
  const int length = ::GetClassNameW(window, name, 64);
  return std::wstring(name, length > 0 ? static_cast<std::size_t>(length) : 0);
}

// The text of a control in another process. Microsoft documents that GetWindowTextW cannot read
// it (it reads only the caption of another process's window, so that a hung program cannot hang
// the caller; Wine 8.0 reads controls anyway), and says to send WM_GETTEXT instead: sent here
// with a timeout, for the same reason.
Result<std::wstring> control_text(HWND control) {
  DWORD_PTR length = 0;
  if (!::SendMessageTimeoutW(control, WM_GETTEXTLENGTH, 0, 0, SMTO_ABORTIFHUNG | SMTO_BLOCK, kSendTimeoutMs, &length)) {
    return last_os_error("SendMessageTimeoutW(WM_GETTEXTLENGTH)");
  }
  std::wstring text(static_cast<std::size_t>(length) + 1, L'\0');
  DWORD_PTR copied = 0;
  if (!::SendMessageTimeoutW(control, WM_GETTEXT, text.size(), reinterpret_cast<LPARAM>(text.data()),
                             SMTO_ABORTIFHUNG | SMTO_BLOCK, kSendTimeoutMs, &copied)) {
    return last_os_error("SendMessageTimeoutW(WM_GETTEXT)");
  }
  text.resize(copied < text.size() ? static_cast<std::size_t>(copied) : text.size() - 1);
  return text;
}

// "&Yes" is shown as "Yes" (the ampersand marks the access key, "&&" is a literal one).
std::string shown_label(const std::wstring& text) {
  std::wstring shown;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == L'&' && i + 1 < text.size()) ++i;
    shown.push_back(text[i]);
  }
  return to_utf8(shown);
}

struct ButtonWindow {
  HWND window = nullptr;
  DialogButton button;
};

struct DialogContents {
  std::vector<ButtonWindow> buttons;
  std::string text;
  std::optional<OsError> problem;  // a control that could not be read
};

DialogContents read_dialog(HWND dialog) {
  DialogContents contents;
  std::vector<HWND> children;
  ::EnumChildWindows(
      dialog,
      [](HWND child, LPARAM found) -> BOOL {
        reinterpret_cast<std::vector<HWND>*>(found)->push_back(child);
        return TRUE;
      },
      reinterpret_cast<LPARAM>(&children));
  for (HWND child : children) {
    if (::GetParent(child) != dialog) continue;  // controls of the box itself, not of nested windows
    const std::wstring kind = class_name(child);
    const int id = ::GetDlgCtrlID(child);
    const bool is_button = _wcsicmp(kind.c_str(), L"Button") == 0;
    const bool is_text = _wcsicmp(kind.c_str(), L"Static") == 0 && id == kMessageTextId;
    if (!is_button && !is_text) continue;
    auto text = control_text(child);
    if (!text) {
      if (!contents.problem) contents.problem = text.error();
      continue;
    }
    if (is_button) {
      contents.buttons.push_back(ButtonWindow{child, DialogButton{id, shown_label(text.value())}});
    } else {
      contents.text = to_utf8(text.value());
    }
  }
  return contents;
}

std::int64_t owner_pid(HWND window) {
  DWORD pid = 0;
  ::GetWindowThreadProcessId(window, &pid);
  return pid;
}

}  // namespace

Status can_see_windows() {
  HWINSTA station = ::GetProcessWindowStation();
  if (station == nullptr) return last_os_error("GetProcessWindowStation");
  HDESK desktop = ::GetThreadDesktop(::GetCurrentThreadId());
  if (desktop == nullptr) return last_os_error("GetThreadDesktop");
  // Probed, not guessed: a window is made on this desktop and destroyed. A service's
  // non-interactive window station passes (its children's boxes are there, unseen by anyone,
  // and enumerable); under Wine without a display no window can be made at all.
  HWND probe = ::CreateWindowExW(0, L"STATIC", L"shm-harness probe", WS_POPUP, 0, 0, 1, 1, nullptr, nullptr,
                                 ::GetModuleHandleW(nullptr), nullptr);
  if (probe == nullptr) {
    OsError error = last_os_error("CreateWindowExW(a hidden probe window)");
    if (machine_info().wine_version) {
      const std::string display = environment_variable("DISPLAY");
      return explained(std::move(error),
                       display.empty()
                           ? "under Wine with no $DISPLAY no window can exist: a MessageBox fails at once "
                             "(Wine 8.0 returns -1 with 1400 ERROR_INVALID_WINDOW_HANDLE) and there is no box to "
                             "read; run under `xvfb-run -a`"
                           : "under Wine with DISPLAY=" + display + ": Wine's X11 driver could not make a window "
                             "there (is that X server running and reachable?)");
    }
    return explained(std::move(error), "this process cannot make windows on its desktop, so it cannot see a program's "
                                       "message boxes there either");
  }
  ::DestroyWindow(probe);
  if (!::EnumDesktopWindows(desktop, [](HWND, LPARAM) -> BOOL { return TRUE; }, 0)) {
    return last_os_error("EnumDesktopWindows");
  }
  return std::nullopt;
}

Result<std::vector<MessageBoxInfo>> message_boxes_of(std::int64_t pid) {
  struct Search {
    std::int64_t pid;
    std::vector<HWND> dialogs;
  } search{pid, {}};
  // EnumWindows lists the top-level windows of this thread's desktop: a child started by this
  // process inherits that desktop, so its boxes are among them.
  if (!::EnumWindows(
          [](HWND window, LPARAM state) -> BOOL {
            auto* s = reinterpret_cast<Search*>(state);
            if (owner_pid(window) == s->pid && class_name(window) == L"#32770" && ::IsWindowVisible(window)) {
              s->dialogs.push_back(window);
            }
            return TRUE;
          },
          reinterpret_cast<LPARAM>(&search))) {
    return last_os_error("EnumWindows");
  }
  std::vector<MessageBoxInfo> boxes;
  for (HWND dialog : search.dialogs) {
    MessageBoxInfo box;
    box.window = reinterpret_cast<std::uintptr_t>(dialog);
    box.pid = pid;
    // GetWindowTextW reads another process's caption without sending it a message.
    wchar_t title[512] = {};
    const int length = ::GetWindowTextW(dialog, title, 512);
    box.title = to_utf8(std::wstring_view(title, length > 0 ? static_cast<std::size_t>(length) : 0));
    DialogContents contents = read_dialog(dialog);
    if (contents.problem && contents.text.empty() && contents.buttons.empty()) return *contents.problem;
    box.text = contents.text;
    for (const auto& button : contents.buttons) box.buttons.push_back(button.button.text);
    boxes.push_back(std::move(box));
  }
  return boxes;
}

Status dismiss_message_box(const MessageBoxInfo& box) {
  HWND dialog = reinterpret_cast<HWND>(static_cast<std::uintptr_t>(box.window));
  // A window handle can be reused once the box is gone: it must still be that process's dialog.
  if (!::IsWindow(dialog) || owner_pid(dialog) != box.pid || class_name(dialog) != L"#32770") {
    return explained(make_os_error("dismiss_message_box", ERROR_INVALID_WINDOW_HANDLE),
                     "the box of process " + std::to_string(box.pid) + " is gone");
  }
  DialogContents contents = read_dialog(dialog);
  std::vector<DialogButton> buttons;
  for (const auto& b : contents.buttons) buttons.push_back(b.button);
  const auto chosen = dismissing_button(buttons);
  if (!chosen) {
    std::string shown;
    for (const auto& b : buttons) shown += (shown.empty() ? "" : ", ") + b.text;
    return explained(make_os_error("dismiss_message_box", ERROR_NOT_SUPPORTED),
                     "the box offers " + (shown.empty() ? std::string("no button") : shown) +
                         " and no OK or Cancel: the harness does not answer a program's question");
  }
  HWND button = nullptr;
  for (const auto& b : contents.buttons) {
    if (b.button.id == chosen->id) button = b.window;
  }
  if (!::IsWindowEnabled(button)) {
    return explained(make_os_error("dismiss_message_box", ERROR_NOT_READY),
                     "its " + chosen->text + " button is disabled, and a disabled button sends no BN_CLICKED");
  }
  // What a click on the button makes the dialog receive (BN_CLICKED through WM_COMMAND, with the
  // button's id and handle), so MessageBox returns that id as after a click. Not BM_CLICK:
  // Microsoft documents that it may fail when the dialog is not the active window, and a
  // background process cannot make it active. Posted, not sent: a hung program cannot hang us.
  if (!::PostMessageW(dialog, WM_COMMAND, MAKEWPARAM(chosen->id, BN_CLICKED), reinterpret_cast<LPARAM>(button))) {
    OsError error = last_os_error("PostMessageW(WM_COMMAND, BN_CLICKED " + chosen->text + ")");
    if (error.code == ERROR_ACCESS_DENIED) {
      return explained(std::move(error), "User Interface Privilege Isolation: the box's process runs at a higher "
                                         "integrity level than this one");
    }
    return error;
  }
  return std::nullopt;
}

Status send_key_to_console_of(std::int64_t pid, char32_t key) {
  if (key > 0xFFFF) {
    return explained(make_os_error("send_key_to_console_of", ERROR_INVALID_PARAMETER),
                     "a console key event carries one UTF-16 unit; this character needs two");
  }
  ConsoleKey event;
  if (auto fixed = fixed_console_key(key)) {
    event = *fixed;
  } else {
    // The key that types this character on this keyboard layout; VK_PACKET (a character with no
    // key) when the layout has none.
    const SHORT scan = ::VkKeyScanW(static_cast<wchar_t>(key));
    event.character = static_cast<char16_t>(key);
    event.virtual_key = scan == -1 ? VK_PACKET : static_cast<std::uint16_t>(LOBYTE(scan));
    event.shift = scan != -1 && (HIBYTE(scan) & 1) != 0;
  }
  // A process has at most one console: leave ours (none at all is fine), then join the child's.
  ::FreeConsole();
  if (!::AttachConsole(static_cast<DWORD>(pid))) {
    OsError error = last_os_error("AttachConsole(" + std::to_string(pid) + ")");
    // Microsoft documents 87 for a process that does not exist; Wine 8.0 answers 6 for it too.
    if (error.code == ERROR_INVALID_PARAMETER || !process_exists(pid)) {
      return explained(std::move(error), "no process has that id");
    }
    if (error.code == ERROR_INVALID_HANDLE) {
      return explained(std::move(error), "that process has no console: start it with a console of its own; under "
                                         "Wine without a display its new console could not be made");
    }
    return error;
  }
  UniqueHandle input(::CreateFileW(L"CONIN$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                   OPEN_EXISTING, 0, nullptr));
  if (input.get() == INVALID_HANDLE_VALUE) {
    OsError error = last_os_error("CreateFileW(CONIN$)");
    ::FreeConsole();
    return error;
  }
  INPUT_RECORD records[2] = {};
  for (int i = 0; i < 2; ++i) {
    records[i].EventType = KEY_EVENT;
    KEY_EVENT_RECORD& k = records[i].Event.KeyEvent;
    k.bKeyDown = i == 0;
    k.wRepeatCount = 1;
    k.wVirtualKeyCode = event.virtual_key;
    k.wVirtualScanCode = static_cast<WORD>(::MapVirtualKeyW(event.virtual_key, MAPVK_VK_TO_VSC));
    k.uChar.UnicodeChar = static_cast<wchar_t>(event.character);
    k.dwControlKeyState = event.shift ? SHIFT_PRESSED : 0;
  }
  DWORD written = 0;
  const BOOL wrote = ::WriteConsoleInputW(input.get(), records, 2, &written);
  OsError write_error = last_os_error("WriteConsoleInputW(key down, key up)");
  input.reset();
  ::FreeConsole();
  if (!wrote) return write_error;
  if (written != 2) {
    return explained(make_os_error("WriteConsoleInputW(key down, key up)", ERROR_WRITE_FAULT),
                     "wrote " + std::to_string(written) + " of 2 input records");
  }
  return std::nullopt;
}

}  // namespace shmh::platform
