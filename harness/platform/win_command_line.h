// Building a Windows command line from words (Windows only): shared by child processes and the
// call tracer, which both start programs with CreateProcessW.
#pragma once

#include <string>

namespace shmh::platform {

// Quotes one argument so that CommandLineToArgvW and the CRT give it back unchanged.
std::wstring quote_windows_argument(const std::wstring& argument);

}  // namespace shmh::platform
