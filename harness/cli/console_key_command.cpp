// `console-key`: the internal command that presses one key in another process's console, for a
// first that waits with _getch. A process of its own, because attaching to that console means
// leaving its own (a process has at most one), which the orchestrator must never do.
#include <iostream>
#include <string>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/platform/desktop.h"

namespace shmh {
namespace {

// One code point from exactly one UTF-8 sequence, else nothing.
std::optional<char32_t> single_utf8_character(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const auto lead = static_cast<unsigned char>(text[0]);
  std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || text.size() != length) return std::nullopt;
  char32_t value = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[i]);
    if ((next >> 6) != 0x2) return std::nullopt;
    value = (value << 6) | (next & 0x3F);
  }
  static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kSmallest[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
  return value;
}

}  // namespace

std::optional<char32_t> parse_console_key(std::string_view text) {
  if (text == "enter") return U'\r';
  if (text == "space") return U' ';
  if (text == "tab") return U'\t';
  if (text == "escape" || text == "esc") return U'\x1b';
  const auto character = single_utf8_character(text);
  // A console key event carries one UTF-16 unit, and control characters other than the named
  // keys above are no key at all.
  if (!character || *character > 0xFFFF || *character < 0x20 || *character == 0x7F) return std::nullopt;
  return character;
}

int console_key_command(const ConsoleKeyOptions& options) {
  const auto key = parse_console_key(options.key);
  if (!key) {
    throw UsageError{"invalid --key '" + options.key +
                     "': give enter, space, tab, escape, or one printable character of the Basic Multilingual Plane"};
  }
  if (options.pid <= 0) throw UsageError{"invalid --pid " + std::to_string(options.pid) + ": a process id is positive"};
  // Once attached elsewhere this process has no console of its own; its stderr is the pipe of
  // whoever started it (pair), so the line below still arrives.
  if (auto failed = platform::send_key_to_console_of(options.pid, *key)) {
    std::cerr << "shm-harness console-key: " << failed->describe() << std::endl;
    return kExitFailed;
  }
  return kExitPassed;
}

}  // namespace shmh
