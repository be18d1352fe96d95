// Where Windows, session 0 and Wine differ: what a scenario should expect, decided from facts
// probed at run time. Pure functions, so the branches only real Windows reaches (session 0, a
// runner that holds SeLockMemoryPrivilege) are unit-tested on recorded facts (docs/windows.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace shmh::scenarios {

// Local\x and Global\x: different namespaces outside session 0; one namespace in session 0,
// where a service's session namespace is the global one.
enum class NamespaceRelation { distinct, same };
struct NamespaceExpectation {
  std::optional<NamespaceRelation> relation;  // nothing: cannot tell, skip with `reason`
  std::string reason;
};
NamespaceExpectation local_global_relation(std::optional<std::uint32_t> role_session_id);

// SEC_LARGE_PAGES without SeLockMemoryPrivilege. An unrestricted control role first enables the
// privilege (where held) and creates a large-page section; only when that works does the
// restricted role's 1314 prove anything. Otherwise the scenario is skipped with `reason`.
struct LargePagesFacts {
  std::uint64_t large_page_minimum = 0;   // GetLargePageMinimum
  std::string control_enable;             // "enabled", "not held" (1300) or "failed: <code symbol>"
  bool control_created = false;           // the control's SEC_LARGE_PAGES create
  std::string control_create_code;        // its code symbol when it failed
  std::optional<std::string> wine;        // Wine's version under Wine
};
struct LargePagesPlan {
  bool run_restricted = false;  // false: skip with `reason`
  std::string reason;
};
LargePagesPlan large_pages_plan(const LargePagesFacts& facts);

}  // namespace shmh::scenarios
