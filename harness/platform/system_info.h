// Facts about this machine and process that reports carry and scenarios probe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace shmh::platform {

struct MachineInfo {
  std::string host_name;
  std::string os_name;     // "Windows", "Linux"
  std::string os_version;  // "10.0.19045", "6.1.0-18-amd64"
  std::string cpu_model;
  unsigned logical_cores = 0;
  std::uint64_t page_size = 0;
  std::uint64_t allocation_granularity = 0;  // Windows: view offsets must be multiples of it
  std::uint64_t physical_memory = 0;
  std::optional<std::string> wine_version;   // set when the Windows build runs under Wine
  std::string hypervisor;                    // "" on bare metal, else the hypervisor's vendor id
  double timer_resolution_ns = 0;
  std::string large_pages;
};

MachineInfo machine_info();

// Which backend this binary was built with. Scenarios and tests branch on this, never on a
// string; backend_name() is only for the report ("windows" / "posix", a persisted value).
enum class Backend { windows, posix };
Backend backend();
const char* backend_name();

}  // namespace shmh::platform
