// The machine's limits for shared memory: /dev/shm and RemoveIPC read from recorded text, and the
// warnings decided on recorded facts (a container's 64 MiB /dev/shm, a small paging file).
#include <gtest/gtest.h>

#include "harness/platform/memory_limits.h"
#include "harness/platform/system_info.h"

namespace shmh::platform {
namespace {

constexpr const char* kContainerMounts =
    "overlay / overlay rw,relatime,lowerdir=/l,upperdir=/u,workdir=/w 0 0\n"
    "shm /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k 0 0\n";

TEST(MemoryLimits, FindsTheLastMountOnDevShm) {
  const auto entry = find_mount(kContainerMounts, "/dev/shm");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->filesystem, "tmpfs");
  EXPECT_EQ(entry->options, "rw,nosuid,nodev,noexec,relatime,size=65536k");
  const auto hidden = find_mount(std::string(kContainerMounts) + "none /dev/shm ramfs rw 0 0\n", "/dev/shm");
  ASSERT_TRUE(hidden);
  EXPECT_EQ(hidden->filesystem, "ramfs");
  EXPECT_FALSE(find_mount("overlay / overlay rw 0 0\n", "/dev/shm"));
}

TEST(MemoryLimits, ReadsRemoveIpcFromLogindConf) {
  // Debian's shipped file: every setting commented out, so systemd's default (yes) holds.
  EXPECT_FALSE(remove_ipc_setting("[Login]\n#NAutoVTs=6\n#RemoveIPC=yes\n"));
  EXPECT_EQ(remove_ipc_setting("[Login]\nRemoveIPC=no\n"), false);
  EXPECT_EQ(remove_ipc_setting("[Login]\nRemoveIPC = yes \nRemoveIPC=no\nRemoveIPC=yes\n"), true);
  EXPECT_FALSE(remove_ipc_setting("[Other]\nRemoveIPC=no\n"));
  EXPECT_EQ(remove_ipc_setting("RemoveIPC=false\n"), false);  // a drop-in without its header
}

MemoryLimits container_store() {
  MemoryLimits l;
  l.store_path = "/dev/shm";
  l.filesystem = "tmpfs";
  l.store_size = 64ull << 20;
  l.store_free = 60ull << 20;
  return l;
}

TEST(MemoryLimits, WarnsWhenASizeExceedsDevShmFreeSpace) {
  const auto l = container_store();
  EXPECT_EQ(size_warning(l, 60ull << 20, false), "");
  const auto w = size_warning(l, 256ull << 20, false);
  EXPECT_NE(w.find("256 MiB is more than the 60 MiB free in /dev/shm (tmpfs, size 64 MiB)"), std::string::npos) << w;
  EXPECT_NE(w.find("SIGBUS"), std::string::npos) << w;
  EXPECT_NE(w.find("--shm-size"), std::string::npos) << w;
  MemoryLimits unmounted;
  unmounted.store_path = "/dev/shm";
  EXPECT_NE(size_warning(unmounted, 4096, false).find("nothing is mounted on /dev/shm"), std::string::npos);
}

TEST(MemoryLimits, WarnsWhenASectionExceedsTheCommitThisProcessHas) {
  MemoryLimits l;
  l.commit_limit = 8ull << 30;
  l.commit_available = 2ull << 30;
  EXPECT_EQ(size_warning(l, 1ull << 30, true), "");
  const auto w = size_warning(l, 3ull << 30, true);
  EXPECT_NE(w.find("1455 ERROR_COMMITMENT_LIMIT"), std::string::npos) << w;
  EXPECT_NE(w.find("SEC_RESERVE"), std::string::npos) << w;
  EXPECT_EQ(size_warning(MemoryLimits{}, 3ull << 30, true), "") << "no commit figure read: no claim";
}

TEST(MemoryLimits, RemoveIpcWarnsForRegularUsersOnlyWhereLogindRuns) {
  auto l = container_store();
  l.remove_ipc = "yes";
  l.remove_ipc_source = "systemd's default";
  EXPECT_NE(remove_ipc_warning(l, 1000).find("deletes the objects of uid 1000"), std::string::npos);
  EXPECT_EQ(remove_ipc_warning(l, 0), "") << "root is exempt";
  EXPECT_EQ(remove_ipc_warning(l, 999), "") << "system users are exempt";
  l.remove_ipc = "no";
  EXPECT_EQ(remove_ipc_warning(l, 1000), "");
  l.remove_ipc = "";  // logind does not run
  EXPECT_EQ(remove_ipc_warning(l, 1000), "");
}

StoreOverflowFacts limits_facts_of(const MemoryLimits& store) {
  StoreOverflowFacts facts;
  facts.store = store;
  return facts;
}

// The store-overflow scenario's decision (limits/store-overflow-sigbus, limits/commit-beyond-limit on POSIX).
TEST(MemoryLimits, FillsASmallDevShmAsItIs) {
  auto facts = limits_facts_of(container_store());
  const auto plan = plan_store_overflow(facts);
  EXPECT_EQ(plan.way, StoreOverflowWay::machine_store);
  EXPECT_EQ(plan.object_size, (60ull << 20) + kPrivateStoreSize) << "past the free space";
  EXPECT_NE(plan.why.find("/dev/shm is a tmpfs of 64 MiB with 60 MiB free"), std::string::npos) << plan.why;
}

MemoryLimits limits_large_store() {
  auto l = container_store();
  l.store_size = l.store_free = 24ull << 30;  // a desktop's: half the RAM
  return l;
}

TEST(MemoryLimits, AsksForAPrivateStoreWhenDevShmIsLarge) {
  auto facts = limits_facts_of(limits_large_store());
  const auto plan = plan_store_overflow(facts);
  EXPECT_EQ(plan.way, StoreOverflowWay::try_private_store);
  EXPECT_NE(plan.why.find("24 GiB free, more than the 256 MiB"), std::string::npos) << plan.why;
  facts.private_store_tried = true;
  facts.private_store_free = 4ull << 20;
  const auto done = plan_store_overflow(facts);
  EXPECT_EQ(done.way, StoreOverflowWay::private_store);
  EXPECT_EQ(done.object_size, 8ull << 20);
  EXPECT_NE(done.why.find("a private tmpfs with 4 MiB free"), std::string::npos) << done.why;
}

TEST(MemoryLimits, SkipsWithTheErrnoWhenNoPrivateStoreCanBeMade) {
  auto facts = limits_facts_of(limits_large_store());
  facts.private_store_tried = true;
  facts.private_store_error = "unshare(CLONE_NEWNS) failed with EPERM, then unshare(CLONE_NEWUSER|CLONE_NEWNS) failed, 22 EINVAL";
  const auto plan = plan_store_overflow(facts);
  EXPECT_EQ(plan.way, StoreOverflowWay::skip);
  EXPECT_EQ(plan.object_size, 0u);
  EXPECT_NE(plan.why.find("no private store could be made: unshare(CLONE_NEWNS) failed with EPERM"), std::string::npos) << plan.why;
  EXPECT_NE(plan.why.find("22 EINVAL"), std::string::npos) << plan.why;
  EXPECT_NE(plan.why.find("--shm-size"), std::string::npos) << plan.why;
}

TEST(MemoryLimits, NothingMountedOnDevShmIsNotFilledDirectly) {
  MemoryLimits none;
  none.store_path = "/dev/shm";
  const auto plan = plan_store_overflow(limits_facts_of(none));
  EXPECT_EQ(plan.way, StoreOverflowWay::try_private_store);
  EXPECT_NE(plan.why.find("nothing is mounted on /dev/shm"), std::string::npos) << plan.why;
  auto full = container_store();
  full.store_free = 0;  // a full store: nothing to measure the fault against, a private one is used
  EXPECT_EQ(plan_store_overflow(limits_facts_of(full)).way, StoreOverflowWay::try_private_store);
}

TEST(MemoryLimits, ThisMachineIsRead) {
  const auto l = memory_limits();
  EXPECT_EQ(l.error, "");
  if (backend() == Backend::windows) {
    EXPECT_GT(l.commit_limit, 0u);
    EXPECT_LE(l.commit_available, l.commit_limit);
    EXPECT_EQ(l.store_path, "");
  } else {
    EXPECT_EQ(l.store_path, "/dev/shm");
    if (!l.filesystem.empty()) {
      EXPECT_GT(l.store_size, 0u);
      EXPECT_LE(l.store_free, l.store_size);
    }
    EXPECT_FALSE(l.remove_ipc_source.empty());
  }
}

}  // namespace
}  // namespace shmh::platform
