// enable_privilege against the token it reports on: what it says must agree with the token.
#include <gtest/gtest.h>

#include <string>

#include "harness/platform/security.h"
#include "tests/harness_runner.h"

namespace shmh::platform {
namespace {

// Under Wine (8.x, observed in this project's cross build) the token of the default user does not
// hold SeLockMemoryPrivilege: AdjustTokenPrivileges returns TRUE with 1300 ERROR_NOT_ALL_ASSIGNED
// and the answer is not_held. On Windows the answer depends on the account's rights.
TEST(EnablePrivilege, AgreesWithTheToken) {
  const std::string name = "SeLockMemoryPrivilege";
  const auto change = enable_privilege(name);
  ASSERT_TRUE(change.ok()) << change.error().describe();
  ::testing::Test::RecordProperty("SeLockMemoryPrivilege", privilege_change_name(change.value()));
  if (!testing::on_windows()) {
    EXPECT_EQ(change.value(), PrivilegeChange::not_applicable);
    return;
  }
  const auto held = find_privilege(current_token(), name);
  if (change.value() == PrivilegeChange::enabled) {
    ASSERT_TRUE(held.has_value()) << "enabled, yet the token does not list it";
    EXPECT_TRUE(held->enabled);
  } else {
    EXPECT_EQ(change.value(), PrivilegeChange::not_held);
    EXPECT_FALSE(held.has_value()) << "the token lists it, yet it could not be enabled";
  }
}

TEST(EnablePrivilege, RefusesANameThatIsNoPrivilege) {
  const auto change = enable_privilege("SeNoSuchThingPrivilege");
  if (!testing::on_windows()) {
    ASSERT_TRUE(change.ok());
    EXPECT_EQ(change.value(), PrivilegeChange::not_applicable);
    return;
  }
  ASSERT_FALSE(change.ok());
  EXPECT_EQ(change.error().code, 1313);
  EXPECT_EQ(change.error().symbol, "ERROR_NO_SUCH_PRIVILEGE");
}

}  // namespace
}  // namespace shmh::platform
