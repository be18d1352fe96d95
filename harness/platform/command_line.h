// A user's command line as words, and the POSIX trampoline that starts one as `nobody`: what
// `pair` needs to run programs that were never built for the harness.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/platform/identity.h"
#include "harness/platform/result.h"

namespace shmh::platform {

// Splits a command line the way a POSIX shell splits a plain word list: blanks separate words,
// '...' keeps everything literally, "..." keeps everything but lets \" \\ \$ \` escape, a
// backslash outside quotes escapes the next character. Nothing is expanded and no shell runs.
// Fails (with the reason) on an unterminated quote or a trailing backslash; an empty or blank
// line gives no words. Pure: the same on every platform, tested everywhere.
struct SplitResult {
  std::vector<std::string> words;
  std::string problem;  // "" when the line was well formed
};
SplitResult split_command_line(std::string_view line);

// Splits a command line the way a Windows program's C runtime (and CommandLineToArgvW) reads its
// own: blanks separate words outside "..."; 2n backslashes before a quote are n backslashes and
// the quote opens or closes, 2n+1 are n and a literal quote; other backslashes are literal (so
// `fixtures\first.exe Local\name` keeps its backslashes). The first word, the program, ends at
// the first blank outside quotes and takes no backslash rule. Fails on an unterminated quote.
// Pure, tested everywhere: `pair --trace` on Windows hands the tracer these words, which it
// quotes back (quote_windows_argument) into the same command line.
SplitResult split_windows_command_line(std::string_view line);

// In the trampoline process (`shm-harness exec-as-nobody`): becomes `account` (nothing: `nobody`),
// then asks for a SIGKILL when `parent_pid` dies (after the identity change, which would clear
// it), then replaces itself with `words` looked up in PATH (execvp). Returns only on failure, with
// the call that failed. Windows: fails with ERROR_NOT_SUPPORTED (a restricted token is given at
// CreateProcess).
OsError exec_as_unprivileged_user(const std::vector<std::string>& words, std::int64_t parent_pid,
                                  const std::optional<PosixAccount>& account = std::nullopt);

}  // namespace shmh::platform
