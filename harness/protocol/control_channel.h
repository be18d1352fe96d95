// The control channel between orchestrator and role: one JSON object per line, both ways.
// Lines are bounded: a peer that sends an endless line cannot exhaust the reader's memory.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace shmh {

inline constexpr std::size_t kMaxControlLine = 1 << 20;  // 1 MiB

// Splits a byte stream into lines. A line longer than the bound is dropped and counted.
class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_line = kMaxControlLine) : max_line_(max_line) {}
  // Appends bytes; complete lines become available through take().
  void feed(std::string_view bytes);
  bool has_line() const { return !lines_.empty(); }
  std::string take();
  std::size_t overlong_lines() const { return overlong_; }

 private:
  std::size_t max_line_;
  std::string partial_;
  bool discarding_ = false;
  std::size_t overlong_ = 0;
  std::deque<std::string> lines_;
};

}  // namespace shmh
