// Converts the platform's machine facts into the report model.
#include "machine_context.h"

#include "platform/system_info.h"

namespace shmh {

report::Machine current_machine() {
  const auto info = platform::machine_info();
  report::Machine m;
  m.host_name = info.host_name;
  m.os_name = info.os_name;
  m.os_version = info.os_version;
  m.cpu_model = info.cpu_model;
  m.logical_cores = info.logical_cores;
  m.page_size = info.page_size;
  m.allocation_granularity = info.allocation_granularity;
  m.physical_memory = info.physical_memory;
  m.wine = info.wine_version;
  m.backend = platform::backend_name();
  m.hypervisor = info.hypervisor;
  m.timer_resolution_ns = info.timer_resolution_ns;
  m.large_pages = info.large_pages;
  return m;
}

}  // namespace shmh
