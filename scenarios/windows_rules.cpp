// Decisions from probed facts for the scenarios where Windows, session 0 and Wine differ.
#include "scenarios/windows_rules.h"

namespace shmh::scenarios {

NamespaceExpectation local_global_relation(std::optional<std::uint32_t> role_session_id) {
  if (!role_session_id) {
    return {std::nullopt, "the role's session id could not be read, and Local\\ and Global\\ are one namespace in session 0 "
                          "but two elsewhere"};
  }
  if (*role_session_id == 0) {
    return {NamespaceRelation::same, "session 0: a service's Local\\ namespace is the global one"};
  }
  return {NamespaceRelation::distinct, "session " + std::to_string(*role_session_id) + ": Local\\ is this session's namespace"};
}

LargePagesPlan large_pages_plan(const LargePagesFacts& f) {
  if (f.large_page_minimum == 0) return {false, "this machine has no large pages (GetLargePageMinimum returned 0)"};
  const std::string code = f.control_create_code.empty() ? std::string("no code") : f.control_create_code;
  if (!f.control_created && f.control_enable == "not held") {
    return {false, "this account does not hold SeLockMemoryPrivilege ('Lock pages in memory'; AdjustTokenPrivileges gave "
                   "1300 ERROR_NOT_ALL_ASSIGNED), and the unrestricted control's SEC_LARGE_PAGES create failed too (" + code +
                   "): nothing to prove; grant the privilege and log on again to run this scenario"};
  }
  if (!f.control_created) {
    return {false, "the unrestricted control (SeLockMemoryPrivilege " + f.control_enable +
                       ") could not create a large-page section either (" + code +
                       "; large pages need enough contiguous free memory): the restricted role's result would prove nothing"};
  }
  if (f.control_enable != "enabled") {
    // The control created a large-page section without the privilege: the rule is not enforced
    // here (Wine); the restricted role then shows it too, and the scenario says so.
    return {true, "the control created a large-page section although SeLockMemoryPrivilege is " + f.control_enable +
                      (f.wine ? " (Wine " + *f.wine + ")" : std::string())};
  }
  return {true, "the control created a large-page section with SeLockMemoryPrivilege enabled" +
                    (f.wine ? " (Wine " + *f.wine + ")" : std::string())};
}

}  // namespace shmh::scenarios
