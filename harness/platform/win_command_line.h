// What starting a program with CreateProcessW needs (Windows only), shared by child processes and
// the call tracer: a command line built from words, and a job that owns what it starts.
#pragma once

#include <windows.h>

#include <string>

#include "harness/platform/result.h"

namespace shmh::platform {

// Quotes one argument so that CommandLineToArgvW and the CRT give it back unchanged.
std::wstring quote_windows_argument(const std::wstring& argument);

// A new job with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE: closing its last handle (or TerminateJobObject)
// ends every process in it. The caller owns the handle.
Result<HANDLE> make_kill_on_close_job();

}  // namespace shmh::platform
