// How a child's end is named: the Windows exit-code table (pure, so tested on every platform)
// and ExitStatus's text on this platform.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>

#include "harness/platform/child_process.h"
#include "tests/harness_runner.h"

namespace shmh::platform {
namespace {

TEST(WindowsExitCodeName, NamesEveryWayAProcessDiesSilently) {
  const std::pair<std::uint32_t, const char*> expected[] = {
      {0xC0000409u, "STATUS_STACK_BUFFER_OVERRUN"}, {0xC000013Au, "STATUS_CONTROL_C_EXIT"},
      {0xC0000374u, "STATUS_HEAP_CORRUPTION"},      {0xC00000FDu, "STATUS_STACK_OVERFLOW"},
      {0xC0000094u, "STATUS_INTEGER_DIVIDE_BY_ZERO"}, {0xC000001Du, "STATUS_ILLEGAL_INSTRUCTION"},
      {0x80000003u, "STATUS_BREAKPOINT"},           {0xC0000135u, "STATUS_DLL_NOT_FOUND"},
      {0xC0000142u, "STATUS_DLL_INIT_FAILED"},      {0xC0000006u, "STATUS_IN_PAGE_ERROR"},
      {0xC0000005u, "EXCEPTION_ACCESS_VIOLATION"},
  };
  for (const auto& [code, name] : expected) EXPECT_EQ(windows_exit_code_name(code), name) << std::hex << code;
  EXPECT_NE(windows_exit_code_name(3).find("abort()"), std::string_view::npos);
}

TEST(WindowsExitCodeName, LeavesOrdinaryCodesUnnamed) {
  for (const std::uint32_t code : {0u, 1u, 2u, 125u, 0xC0000001u, 0xE06D7363u}) {
    EXPECT_TRUE(windows_exit_code_name(code).empty()) << std::hex << code;
  }
}

TEST(ExitStatusText, NamesCrashesOnThisPlatform) {
  if (testing::on_windows()) {
    const ExitStatus fail_fast{false, 0xC0000409, false};
    EXPECT_EQ(fail_fast.describe(), "exception 0xC0000409 STATUS_STACK_BUFFER_OVERRUN");
    EXPECT_EQ(fail_fast.symbol(), "STATUS_STACK_BUFFER_OVERRUN");
    const ExitStatus breakpoint{false, 0x80000003, false};
    EXPECT_EQ(breakpoint.describe(), "exception 0x80000003 STATUS_BREAKPOINT");
    const ExitStatus access{false, 0xC0000005, false};
    EXPECT_EQ(access.describe(), "exception 0xC0000005 EXCEPTION_ACCESS_VIOLATION");
    const ExitStatus aborted{false, 3, false};
    EXPECT_EQ(aborted.symbol(), "EXIT_3");
    EXPECT_NE(aborted.describe().find("exit code 3 (abort()"), std::string::npos) << aborted.describe();
  } else {
    const ExitStatus aborted{true, 6, false};
    EXPECT_EQ(aborted.describe(), "signal 6 SIGABRT");
    EXPECT_EQ(aborted.symbol(), "SIGABRT");
    EXPECT_EQ((ExitStatus{false, 3, false}.describe()), "exit code 3");
  }
}

}  // namespace
}  // namespace shmh::platform
