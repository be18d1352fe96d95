// Progress that fits where it goes: rewritten in place on a terminal, a line every few seconds
// in a log, driven by an injected clock (no sleeping) and captured through an injected sink.
#include <gtest/gtest.h>

#ifndef _WIN32
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#endif

#include "harness/platform/this_process.h"
#include "scenarios/progress.h"

namespace shmh::scenarios {
namespace {

using namespace std::chrono_literals;

struct Fake {
  std::chrono::steady_clock::time_point now{};
  std::vector<std::string> written;
  Progress make(bool terminal, std::size_t total) {
    return Progress(terminal, total, [this](const std::string& s) { written.push_back(s); }, [this] { return now; });
  }
};

TEST(Progress, ALogGetsALineEveryFiveSecondsAndTheLastOne) {
  Fake f;
  auto progress = f.make(false, 270);
  // 270 samples, one every 0.4 s: 108 s in all.
  for (std::size_t i = 1; i <= 270; ++i) {
    f.now += 400ms;
    progress.update(i, "ring/spin/64 KiB 5.00 GiB/s");
  }
  progress.finish();
  // A line at 5.2 s (sample 13), then every 13 samples (5.2 s), up to 104 s (sample 260), then
  // the last: 20 + 1 lines instead of 270.
  ASSERT_EQ(f.written.size(), 21u);
  EXPECT_EQ(f.written.front(), "  [13/270] ring/spin/64 KiB 5.00 GiB/s (5 s)\n");
  EXPECT_EQ(f.written[19], "  [260/270] ring/spin/64 KiB 5.00 GiB/s (104 s)\n");
  EXPECT_EQ(f.written.back(), "  [270/270] ring/spin/64 KiB 5.00 GiB/s (108 s)\n");
  for (const auto& line : f.written) EXPECT_EQ(line.find('\r'), std::string::npos) << line;
}

TEST(Progress, ALogGetsNothingBeforeTheIntervalUnlessItIsTheLastSample) {
  Fake f;
  auto progress = f.make(false, 3);
  f.now += 1s;
  progress.update(1, "a");
  f.now += 1s;
  progress.update(2, "b");
  EXPECT_TRUE(f.written.empty());
  f.now += 1s;
  progress.update(3, "c");
  ASSERT_EQ(f.written.size(), 1u);
  EXPECT_EQ(f.written[0], "  [3/3] c (3 s)\n");
}

TEST(Progress, ATerminalLineIsRewrittenInPlaceAndEndedOnce) {
  Fake f;
  auto progress = f.make(true, 2);
  f.now += 100ms;
  progress.update(1, "ring/blocking/4 MiB 1.25 GiB/s");
  f.now += 100ms;
  progress.update(2, "memcpy 9 GiB/s");  // shorter: the rest of the old line is blanked
  progress.finish();
  progress.finish();  // a second finish adds nothing
  ASSERT_EQ(f.written.size(), 3u);
  EXPECT_EQ(f.written[0], "\r  [1/2] ring/blocking/4 MiB 1.25 GiB/s (0 s)");
  const std::string second = "\r  [2/2] memcpy 9 GiB/s (0 s)";
  EXPECT_EQ(f.written[1], second + std::string(f.written[0].size() - second.size(), ' '));
  EXPECT_EQ(f.written[2], "\n");
}

#ifndef _WIN32
// The decision itself, with stderr pointed for a moment at a pseudo-terminal and then at a pipe
// (POSIX calls here only: the test has to build both situations itself).
TEST(Progress, TheTerminalDecisionFollowsWhereStderrGoes) {
  const int saved = ::dup(2);
  ASSERT_GE(saved, 0);
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
    if (master >= 0) ::close(master);
    ::close(saved);
    GTEST_SKIP() << "no pseudo-terminal here (posix_openpt: " << std::strerror(errno) << ")";
  }
  const int terminal = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
  ASSERT_GE(terminal, 0);
  int pipe_ends[2];
  ASSERT_EQ(::pipe(pipe_ends), 0);
  ::dup2(terminal, 2);
  const bool on_terminal = platform::stderr_is_terminal();
  ::dup2(pipe_ends[1], 2);
  const bool on_pipe = platform::stderr_is_terminal();
  ::dup2(saved, 2);
  for (int fd : {saved, master, terminal, pipe_ends[0], pipe_ends[1]}) ::close(fd);
  EXPECT_TRUE(on_terminal);
  EXPECT_FALSE(on_pipe);
}
#endif

}  // namespace
}  // namespace shmh::scenarios
