// The POSIX tracer's decoding and trace's verdicts on recorded registers and calls: which system
// calls are shared-memory calls, how they read, and what a failing one is told.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "harness/cli/trace_verdicts.h"
#include "harness/platform/call_tracer_decode.h"
#include "harness/platform/mask_names.h"

namespace shmh::testing {
namespace {

using platform::DecodeState;
using platform::SyscallArgs;

// Paths as a tracee would hold them: the "address" indexes this table.
std::optional<platform::DecodedEntry> decode(const SyscallArgs& args, const std::map<int, std::string>& fds,
                                             std::vector<platform::DecodeMapping> mappings = {}) {
  const std::vector<std::string> paths = {"/dev/shm/orders", "/tmp/orders", "/dev/shm/a/b"};
  const DecodeState state{fds, std::move(mappings)};
  return platform::decode_syscall_entry(args, state, [&](std::uint64_t, std::uint64_t at) { return paths.at(at); });
}

TEST(TraceDecode, OpenatOfDevShmIsShmOpenWithTheProgramsFlags) {
  const std::map<int, std::string> none;
  const auto d = decode({SYS_openat, {static_cast<std::uint64_t>(AT_FDCWD), 0, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600}}, none);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->kind, platform::SyscallKind::shm_open);
  EXPECT_EQ(d->call.api, "shm_open");
  EXPECT_EQ(d->call.object_name, "/orders");
  ASSERT_EQ(d->call.args.size(), 3u);
  EXPECT_EQ(d->call.args[1].value, "O_RDWR|O_CREAT|O_EXCL");
  EXPECT_EQ(d->call.args[2].value, "0600");
  EXPECT_EQ(d->call.access, platform::mask::kFileMapRead | platform::mask::kFileMapWrite);
  EXPECT_FALSE(decode({SYS_openat, {static_cast<std::uint64_t>(AT_FDCWD), 1, O_RDONLY, 0}}, none)) << "not /dev/shm";
  EXPECT_FALSE(decode({SYS_openat, {static_cast<std::uint64_t>(AT_FDCWD), 2, O_RDONLY, 0}}, none)) << "a folder under /dev/shm";
  EXPECT_FALSE(decode({SYS_read, {3, 0, 0}}, none));
}

TEST(TraceDecode, DescriptorCallsCountOnlyOnShmDescriptors) {
  const std::map<int, std::string> fds{{3, "/orders"}};
  const auto view = decode({SYS_mmap, {0, 256, PROT_READ | PROT_WRITE, MAP_SHARED, 3, 4096}}, fds);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->call.object_name, "/orders");
  EXPECT_EQ(view->call.size, 256u);
  EXPECT_EQ(view->call.offset, 4096u);
  EXPECT_EQ(view->call.protection, platform::mask::kPageReadWrite);
  EXPECT_EQ(view->call.args[2].value, "PROT_READ|PROT_WRITE");
  EXPECT_EQ(view->call.args[3].value, "MAP_SHARED");
  EXPECT_FALSE(decode({SYS_mmap, {0, 256, PROT_READ, MAP_SHARED, 4, 0}}, fds)) << "fd 4 is not shared memory";
  EXPECT_FALSE(decode({SYS_close, {5}}, fds));
  EXPECT_TRUE(decode({SYS_close, {3}}, fds));
  EXPECT_TRUE(decode({SYS_munmap, {0x7f0000001000, 256}}, fds, {{0x7f0000001000, 256, "/orders"}}));
  EXPECT_FALSE(decode({SYS_munmap, {0x7f0000009000, 256}}, fds, {{0x7f0000001000, 256, "/orders"}}));
}

TEST(TraceDecode, ResultCarriesErrnoAndSymbol) {
  platform::TracedCall call;
  platform::decode_syscall_result(platform::SyscallKind::shm_open, -ENOENT, call);
  EXPECT_TRUE(call.failed);
  EXPECT_EQ(call.error, ENOENT);
  EXPECT_EQ(call.error_symbol, "ENOENT");
  EXPECT_EQ(call.result, "-1");
  platform::decode_syscall_result(platform::SyscallKind::mmap, 0x7f0000001000, call);
  EXPECT_FALSE(call.failed);
  EXPECT_EQ(call.result, "0x7f0000001000");
}

platform::TracedCall recorded(const std::string& api, std::vector<platform::TracedArgument> args, std::int64_t error = 0) {
  platform::TracedCall c;
  c.pid = c.tid = 100;
  c.api = api;
  c.object_name = "/orders";
  c.args = std::move(args);
  c.failed = error != 0;
  c.error = error;
  c.error_symbol = error == 0 ? "" : (error == EACCES ? "EACCES" : "ENOENT");
  c.result = c.failed ? "-1" : "3";
  c.result_value = c.failed ? ~0ull : 3;
  return c;
}

TEST(TraceVerdicts, WritableViewOfAReadOnlyDescriptorSaysToOpenReadWrite) {
  auto open = recorded("shm_open", {{"name", "\"/orders\""}, {"oflag", "O_RDONLY"}, {"mode", "0"}});
  open.access = platform::mask::kFileMapRead;
  auto view = recorded("mmap", {{"addr", "NULL"}, {"length", "4096"}, {"prot", "PROT_READ|PROT_WRITE"}, {"flags", "MAP_SHARED"}}, EACCES);
  view.handle = 3;
  view.size = 4096;
  view.offset = 0;
  const auto verdicts = judge_calls({open, view}, {}, platform::TokenInfo{}, 4096, false);
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_EQ(verdicts[0].call_index, 1u);
  ASSERT_FALSE(verdicts[0].diagnosis.reasons.empty());
  EXPECT_NE(verdicts[0].diagnosis.reasons[0].find("O_RDONLY"), std::string::npos) << verdicts[0].diagnosis.reasons[0];
  EXPECT_NE(verdicts[0].diagnosis.reasons[0].find("needs a descriptor opened O_RDWR"), std::string::npos);
}

TEST(TraceVerdicts, OpenDeniedByModeNamesTheRightAndTheOpenThatWorks) {
  auto open = recorded("shm_open", {{"name", "\"/orders\""}, {"oflag", "O_RDWR"}, {"mode", "0"}}, EACCES);
  open.access = platform::mask::kFileMapRead | platform::mask::kFileMapWrite;
  TracedNameFacts facts;
  facts.name = "/orders";
  facts.object_kind = "shared-memory object";
  facts.owner = "alice";
  facts.descriptor = "0644";
  platform::TokenInfo bob;
  bob.user = "bob";
  bob.uid = 1001;
  const auto verdicts = judge_calls({open}, {facts}, bob, 4096, false);
  ASSERT_EQ(verdicts.size(), 1u);
  const auto& d = verdicts[0].diagnosis;
  EXPECT_NE(d.verdict.find("may not open it for write"), std::string::npos) << d.verdict;
  ASSERT_FALSE(d.reasons.empty());
  EXPECT_NE(d.reasons[0].find("grants bob"), std::string::npos) << d.reasons[0];
  EXPECT_NE(d.reasons[0].find("read only"), std::string::npos) << d.reasons[0];
  ASSERT_FALSE(d.advice.empty());
  EXPECT_NE(d.advice[0].find("O_RDONLY"), std::string::npos) << d.advice[0];
}

TEST(TraceVerdicts, SuccessfulCallsGetNoVerdictUnlessTheViewPassesTheEnd) {
  auto open = recorded("shm_open", {{"oflag", "O_RDWR|O_CREAT"}});
  auto size = recorded("ftruncate", {});
  size.size = 4096;
  auto view = recorded("mmap", {});
  view.size = 4096;
  view.offset = 0;
  EXPECT_TRUE(judge_calls({open, size, view}, {}, {}, 4096, false).empty());
  view.size = 8192;
  const auto past = judge_calls({open, size, view}, {}, {}, 4096, false);
  ASSERT_EQ(past.size(), 1u);
  EXPECT_NE(past[0].diagnosis.reasons[0].find("SIGBUS"), std::string::npos);
}

}  // namespace
}  // namespace shmh::testing
