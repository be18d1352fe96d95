// Which button dismisses a message box and which console key a character becomes: pure, tested
// on every platform (desktop_rules_test.cpp).
#include "harness/platform/desktop_rules.h"

#include <algorithm>

namespace shmh::platform {

std::optional<DialogButton> dismissing_button(const std::vector<DialogButton>& buttons) {
  // OK first: in an OK/Cancel box, closing would mean Cancel, but a program that shows OK/Cancel
  // to report something goes on with OK; a box with only OK returns IDOK whichever way it ends.
  for (const int wanted : {kIdOk, kIdCancel}) {
    const auto found = std::find_if(buttons.begin(), buttons.end(), [&](const DialogButton& b) { return b.id == wanted; });
    if (found != buttons.end()) return *found;
  }
  return std::nullopt;
}

std::optional<ConsoleKey> fixed_console_key(char32_t key) {
  if (key >= U'a' && key <= U'z') return ConsoleKey{static_cast<std::uint16_t>(key - U'a' + U'A'), static_cast<char16_t>(key), false};
  if (key >= U'A' && key <= U'Z') return ConsoleKey{static_cast<std::uint16_t>(key), static_cast<char16_t>(key), true};
  if (key >= U'0' && key <= U'9') return ConsoleKey{static_cast<std::uint16_t>(key), static_cast<char16_t>(key), false};
  switch (key) {
    case U'\r':
    case U'\n':
      return ConsoleKey{0x0D, u'\r', false};  // VK_RETURN: a console delivers Enter as '\r'
    case U' ':
      return ConsoleKey{0x20, u' ', false};  // VK_SPACE
    case U'\t':
      return ConsoleKey{0x09, u'\t', false};  // VK_TAB
    case U'\x1b':
      return ConsoleKey{0x1B, u'\x1b', false};  // VK_ESCAPE
    case U'\b':
      return ConsoleKey{0x08, u'\b', false};  // VK_BACK
    default:
      return std::nullopt;
  }
}

}  // namespace shmh::platform
