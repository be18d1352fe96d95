// The decisions behind the session-0 and large-page scenarios, on recorded facts.
#include <gtest/gtest.h>

#include "scenarios/windows_rules.h"

namespace shmh::scenarios {
namespace {

TEST(WindowsRules, LocalAndGlobalAreOneNamespaceOnlyInSessionZero) {
  EXPECT_EQ(local_global_relation(0).relation, NamespaceRelation::same);
  EXPECT_EQ(local_global_relation(1).relation, NamespaceRelation::distinct);
  EXPECT_EQ(local_global_relation(2).relation, NamespaceRelation::distinct);
  const auto unknown = local_global_relation(std::nullopt);
  EXPECT_FALSE(unknown.relation);
  EXPECT_NE(unknown.reason.find("session id could not be read"), std::string::npos) << unknown.reason;
}

LargePagesFacts administrator_without_lock_pages() {
  // A GitHub-hosted runner: an administrator, who does not hold SeLockMemoryPrivilege by default.
  LargePagesFacts f;
  f.large_page_minimum = 2 * 1024 * 1024;
  f.control_enable = "not held";
  return f;
}

TEST(WindowsRules, LargePagesSkipWhenEvenTheControlLacksThePrivilege) {
  auto f = administrator_without_lock_pages();
  f.control_create_code = "ERROR_PRIVILEGE_NOT_HELD";
  const auto plan = large_pages_plan(f);
  EXPECT_FALSE(plan.run_restricted);
  EXPECT_NE(plan.reason.find("1300 ERROR_NOT_ALL_ASSIGNED"), std::string::npos) << plan.reason;
}

TEST(WindowsRules, LargePagesSkipWhenTheControlFailsWithThePrivilegeEnabled) {
  auto f = administrator_without_lock_pages();
  f.control_enable = "enabled";
  f.control_created = false;
  f.control_create_code = "ERROR_NO_SYSTEM_RESOURCES";
  const auto plan = large_pages_plan(f);
  EXPECT_FALSE(plan.run_restricted);
  EXPECT_NE(plan.reason.find("ERROR_NO_SYSTEM_RESOURCES"), std::string::npos) << plan.reason;
}

TEST(WindowsRules, LargePagesCreatedWithoutThePrivilegeMeansTheRuleIsNotEnforced) {
  // Wine 8.0: the token does not hold SeLockMemoryPrivilege, yet SEC_LARGE_PAGES succeeds.
  auto f = administrator_without_lock_pages();
  f.control_created = true;
  f.wine = "8.0";
  const auto plan = large_pages_plan(f);
  EXPECT_TRUE(plan.run_restricted);
  EXPECT_NE(plan.reason.find("although SeLockMemoryPrivilege is not held (Wine 8.0)"), std::string::npos) << plan.reason;
}

TEST(WindowsRules, LargePagesRunTheRestrictedRoleOnlyAfterAWorkingControl) {
  auto f = administrator_without_lock_pages();
  f.control_enable = "enabled";
  f.control_created = true;
  EXPECT_TRUE(large_pages_plan(f).run_restricted);
  f.large_page_minimum = 0;
  EXPECT_FALSE(large_pages_plan(f).run_restricted);
}

}  // namespace
}  // namespace shmh::scenarios
