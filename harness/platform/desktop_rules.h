// The decisions behind desktop.h that need no OS, so that every platform tests them: which button
// dismisses a message box, and which console key event a character becomes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shmh::platform {

// A button of a message box as its dialog holds it: the control id is the value MessageBox
// returns when it is clicked (IDOK 1, IDCANCEL 2, IDABORT 3, IDRETRY 4, IDIGNORE 5, IDYES 6,
// IDNO 7, IDTRYAGAIN 10, IDCONTINUE 11: Microsoft's documented constants).
struct DialogButton {
  int id = 0;
  std::string text;  // UTF-8, as shown ("OK", "&Yes"); not used to decide: it is translated
};

// The button that dismisses a box the way its close box or Esc would: OK, else Cancel. A box
// with neither (Yes/No, Abort/Retry/Ignore) asks a question: the harness must not answer it for
// the program, so nothing. Decided on ids, never on the (translated) text.
std::optional<DialogButton> dismissing_button(const std::vector<DialogButton>& buttons);

// One key as a console KEY_EVENT_RECORD carries it.
struct ConsoleKey {
  std::uint16_t virtual_key = 0;  // VK_RETURN 0x0D, VK_SPACE 0x20, 'A'..'Z', '0'..'9', ...
  char16_t character = 0;         // what ReadConsoleInput (and so _getch) sees: L'\r' for Enter
  bool shift = false;             // SHIFT_PRESSED, for upper-case letters
};

// The layout-independent keys: letters, digits, Enter ('\r' or '\n'), Space, Tab, Escape and
// Backspace. Other characters depend on the keyboard layout (VkKeyScanW on Windows): nothing.
std::optional<ConsoleKey> fixed_console_key(char32_t key);

// Ids of the standard MessageBox buttons, for the decisions above (winuser.h's values).
inline constexpr int kIdOk = 1;
inline constexpr int kIdCancel = 2;

}  // namespace shmh::platform
