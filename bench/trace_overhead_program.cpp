// The program `tools/bench-trace.sh` runs with and without `shm-harness trace`, to measure what
// tracing costs (docs/performance.md, "What trace costs"). It times its own loop and prints
//   <mode> <iterations> <seconds>
// so that process start-up (and, under Wine, Wine's) stays out of the loop's figure.
//   busy N    N iterations of system calls trace does not stop at: POSIX getppid() and a 64-byte
//             write() to /dev/null; Windows GetFileAttributesW of the program itself (a kernel
//             round trip) and SetLastError. No shared-memory call at all.
//   calls N   N iterations of one traced pair: POSIX shm_open(O_RDONLY) + close of an object the
//             program made first; Windows OpenFileMappingW(FILE_MAP_READ) + CloseHandle.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace {

#ifdef _WIN32
int busy(long iterations) {
  wchar_t self[MAX_PATH];
  ::GetModuleFileNameW(nullptr, self, MAX_PATH);
  DWORD sum = 0;
  for (long i = 0; i < iterations; ++i) {
    sum += ::GetFileAttributesW(self);
    ::SetLastError(0);
  }
  return sum == 0 ? 1 : 0;
}

int calls(long iterations) {
  const std::wstring name = L"Local\\shmh-trace-bench-" + std::to_wstring(::GetCurrentProcessId());
  HANDLE made = ::CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, name.c_str());
  if (made == nullptr) return 2;
  int failures = 0;
  for (long i = 0; i < iterations; ++i) {
    HANDLE opened = ::OpenFileMappingW(FILE_MAP_READ, FALSE, name.c_str());
    if (opened == nullptr) ++failures;
    else ::CloseHandle(opened);
  }
  ::CloseHandle(made);
  return failures == 0 ? 0 : 3;
}
#else
int busy(long iterations) {
  const int null = ::open("/dev/null", O_WRONLY);
  if (null < 0) return 2;
  char block[64] = {};
  long sum = 0;
  for (long i = 0; i < iterations; ++i) {
    sum += ::getppid();
    sum += ::write(null, block, sizeof block);
  }
  ::close(null);
  return sum == 0 ? 1 : 0;
}

int calls(long iterations) {
  const std::string name = "/shmh-trace-bench-" + std::to_string(::getpid());
  const int made = ::shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
  if (made < 0) return 2;
  int failures = 0;
  for (long i = 0; i < iterations; ++i) {
    const int fd = ::shm_open(name.c_str(), O_RDONLY, 0);
    if (fd < 0) ++failures;
    else ::close(fd);
  }
  ::close(made);
  ::shm_unlink(name.c_str());
  return failures == 0 ? 0 : 3;
}
#endif

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s busy|calls ITERATIONS\n", argv[0]);
    return 2;
  }
  const std::string mode = argv[1];
  const long iterations = std::strtol(argv[2], nullptr, 10);
  if (iterations <= 0 || (mode != "busy" && mode != "calls")) {
    std::fprintf(stderr, "usage: %s busy|calls ITERATIONS\n", argv[0]);
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  const int code = mode == "busy" ? busy(iterations) : calls(iterations);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s %ld %.6f\n", mode.c_str(), iterations, seconds);
  return code;
}
