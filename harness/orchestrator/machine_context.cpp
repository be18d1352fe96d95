// Converts the platform's machine facts into the report model.
#include "harness/orchestrator/machine_context.h"

#include "harness/platform/memory_limits.h"
#include "harness/platform/security.h"
#include "harness/platform/system_info.h"

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
  const auto limits = platform::memory_limits();
  m.memory = {limits.store_path, limits.filesystem, limits.mount_options, limits.store_size, limits.store_free,
              limits.remove_ipc, limits.remove_ipc_source, limits.commit_limit, limits.commit_available};
  const auto token = platform::current_token();
  m.security.user = token.user;
  m.security.session_id = token.session_id;
  m.security.integrity_level = token.integrity_level;
  m.security.elevated = token.elevated;
  m.security.service = token.service;
  for (const auto& p : token.privileges) m.security.privileges.emplace_back(p.name, p.enabled);
  return m;
}

}  // namespace shmh
