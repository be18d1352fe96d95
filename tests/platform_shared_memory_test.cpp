// The platform layer against the real OS, in one process: the codes each backend documents.
#include <gtest/gtest.h>

#include <cstring>

#include "harness/protocol/names.h"
#include "harness/platform/shared_memory.h"
#include "harness/platform/system_info.h"

namespace shmh::platform {
namespace {

const bool kWindows = backend() == Backend::windows;

class SharedMemory : public ::testing::Test {
 protected:
  std::string name_ = "Local\\" + make_run_id() + "-unit";
  // Ignored on purpose: ENOENT when the test did not create the name or removed it itself.
  void TearDown() override { (void)unlink_mapping(name_); }
};

TEST_F(SharedMemory, CreateMapWriteThenOpenAndReadInAnotherView) {
  auto created = create_mapping(name_, 4096);
  ASSERT_TRUE(created) << created.error().describe();
  EXPECT_FALSE(created.value().already_existed);
  EXPECT_EQ(created.value().last_error.code, 0);
  auto writer = map_view(created.value().mapping, Access::write, 0, 4096);
  ASSERT_TRUE(writer) << writer.error().describe();
  std::memcpy(writer.value().data(), "hello", 6);

  auto opened = open_mapping(name_, Access::read);
  ASSERT_TRUE(opened) << opened.error().describe();
  auto reader = map_view(opened.value(), Access::read, 0, 0);
  ASSERT_TRUE(reader) << reader.error().describe();
  EXPECT_GE(reader.value().length(), 4096u);
  EXPECT_STREQ(reinterpret_cast<const char*>(reader.value().data()), "hello");
}

TEST_F(SharedMemory, SecondCreateReportsTheExistingObject) {
  auto first = create_mapping(name_, 4096);
  ASSERT_TRUE(first);
  auto second = create_mapping(name_, 4096);
  if (kWindows) {
    ASSERT_TRUE(second) << second.error().describe();
    EXPECT_TRUE(second.value().already_existed);
    EXPECT_EQ(second.value().last_error.code, 183);
    EXPECT_EQ(second.value().last_error.symbol, "ERROR_ALREADY_EXISTS");
  } else {
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().symbol, "EEXIST");
    EXPECT_EQ(second.error().api, "shm_open");
  }
}

TEST_F(SharedMemory, OpeningAMissingNameFailsWithNotFound) {
  auto opened = open_mapping(name_, Access::read);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().symbol, kWindows ? "ERROR_FILE_NOT_FOUND" : "ENOENT");
  EXPECT_EQ(opened.error().code, kWindows ? 2 : 2);  // ENOENT is 2 on Linux as well
  EXPECT_FALSE(opened.error().message.empty());
}

TEST_F(SharedMemory, NameLivesPerPlatformRuleAfterLastClose) {
  {
    auto created = create_mapping(name_, 4096);
    ASSERT_TRUE(created);
  }
  auto opened = open_mapping(name_, Access::read);
  EXPECT_EQ(opened.ok(), names_persist_until_unlinked());
}

TEST(SharedMemoryNames, PosixDropsThePrefixAndWindowsKeepsTheName) {
  if (kWindows) {
    EXPECT_EQ(native_object_name("Local\\x"), "Local\\x");
  } else {
    EXPECT_EQ(native_object_name("Local\\x"), "/x");
    EXPECT_EQ(native_object_name("Global\\x"), "/x");
    EXPECT_EQ(native_object_name("x"), "/x");
    EXPECT_EQ(native_object_name("Local\\a\\b"), "/a/b");
  }
}

TEST(MachineInfo, ReportsSizesThisMachineUses) {
  const auto info = machine_info();
  EXPECT_GE(info.page_size, 4096u);
  EXPECT_EQ(info.allocation_granularity % info.page_size, 0u);
  EXPECT_GE(info.logical_cores, 1u);
  EXPECT_FALSE(info.os_name.empty());
  EXPECT_GT(info.physical_memory, 0u);
}

}  // namespace
}  // namespace shmh::platform
