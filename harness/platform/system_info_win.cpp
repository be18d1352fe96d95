// Windows implementation of machine facts: RtlGetVersion, GetSystemInfo, the CPU name from the registry,
// and Wine's version when ntdll exports wine_get_version.
#include <windows.h>

#include "harness/platform/cpu.h"
#include "harness/platform/system_info.h"
#include "harness/platform/win_text.h"

namespace shmh::platform {
namespace {

FARPROC ntdll_function(const char* name) {
  HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
  return ntdll != nullptr ? ::GetProcAddress(ntdll, name) : nullptr;
}

std::string os_version() {
  // GetVersionEx lies to programs without a manifest; RtlGetVersion does not.
  using RtlGetVersionFn = LONG(WINAPI*)(OSVERSIONINFOW*);
  auto rtl_get_version = reinterpret_cast<RtlGetVersionFn>(reinterpret_cast<void*>(ntdll_function("RtlGetVersion")));
  OSVERSIONINFOW version{};
  version.dwOSVersionInfoSize = sizeof version;
  if (rtl_get_version == nullptr || rtl_get_version(&version) != 0) return "unknown";
  return std::to_string(version.dwMajorVersion) + "." + std::to_string(version.dwMinorVersion) +
         "." + std::to_string(version.dwBuildNumber);
}

std::string cpu_model_name() {
  wchar_t buffer[256] = {};
  DWORD size = sizeof buffer;
  if (::RegGetValueW(HKEY_LOCAL_MACHINE, L"HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0",
                     L"ProcessorNameString", RRF_RT_REG_SZ, nullptr, buffer, &size) != ERROR_SUCCESS) {
    return "unknown";
  }
  std::string name = to_utf8(buffer);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  return name;
}

std::optional<std::string> wine_version() {
  using WineGetVersionFn = const char*(CDECL*)();
  auto get = reinterpret_cast<WineGetVersionFn>(reinterpret_cast<void*>(ntdll_function("wine_get_version")));
  if (get == nullptr) return std::nullopt;
  return std::string(get());
}

}  // namespace

Backend backend() { return Backend::windows; }
const char* backend_name() { return "windows"; }

MachineInfo machine_info() {
  MachineInfo info;
  wchar_t host[MAX_COMPUTERNAME_LENGTH + 1] = {};
  DWORD host_length = MAX_COMPUTERNAME_LENGTH + 1;
  if (::GetComputerNameW(host, &host_length)) info.host_name = to_utf8(std::wstring_view(host, host_length));
  info.os_name = "Windows";
  info.os_version = os_version();
  info.cpu_model = cpu_model_name();
  SYSTEM_INFO system{};
  ::GetNativeSystemInfo(&system);
  info.logical_cores = system.dwNumberOfProcessors;
  info.page_size = system.dwPageSize;
  info.allocation_granularity = system.dwAllocationGranularity;
  MEMORYSTATUSEX memory{};
  memory.dwLength = sizeof memory;
  if (::GlobalMemoryStatusEx(&memory)) info.physical_memory = memory.ullTotalPhys;
  info.wine_version = wine_version();
  info.hypervisor = hypervisor_vendor();
  info.timer_resolution_ns = timer_resolution_ns();
  info.large_pages = large_pages();
  return info;
}

}  // namespace shmh::platform
