// Progress of a long sweep that fits where it goes: rewritten in place on a terminal, a line
// every few seconds in a log (CI), instead of one line per sample (270 for one default sweep).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace shmh::scenarios {

class Progress {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  using Sink = std::function<void(const std::string&)>;

  // `terminal`: decided once by the caller (platform::stderr_is_terminal). The clock and the
  // sink are parameters so that tests can drive the rate limit without sleeping.
  Progress(bool terminal, std::size_t total, Sink sink, Clock clock = std::chrono::steady_clock::now,
           std::chrono::milliseconds log_every = std::chrono::seconds(5));

  // Sample `done` of total is in; `what` is its name and value ("ring/spin/64 KiB  5.21 GiB/s").
  // Terminal: the line is rewritten at once. Log: written when log_every has passed since the
  // last line written (or the start), and always for the last sample.
  void update(std::size_t done, const std::string& what);

  // Ends the in-place line on a terminal so that what follows starts on its own line.
  void finish();

 private:
  bool terminal_;
  std::size_t total_;
  Sink sink_;
  Clock clock_;
  std::chrono::milliseconds log_every_;
  std::chrono::steady_clock::time_point start_, last_written_;
  std::size_t width_ = 0;  // of the in-place line, to blank what a shorter one leaves
  bool open_line_ = false;
};

// Writes to stderr and flushes: progress is not the command's output.
Progress::Sink stderr_sink();

}  // namespace shmh::scenarios
