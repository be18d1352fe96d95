// Progress lines: in place with a carriage return on a terminal (no escape sequences, so a
// Windows console without virtual-terminal mode shows it too), rate-limited in a log.
#include "scenarios/progress.h"

#include <cstdio>

namespace shmh::scenarios {

Progress::Progress(bool terminal, std::size_t total, Sink sink, Clock clock, std::chrono::milliseconds log_every)
    : terminal_(terminal), total_(total), sink_(std::move(sink)), clock_(std::move(clock)), log_every_(log_every) {
  start_ = last_written_ = clock_();
}

void Progress::update(std::size_t done, const std::string& what) {
  const auto now = clock_();
  const auto elapsed_s = std::chrono::duration_cast<std::chrono::seconds>(now - start_).count();
  const std::string line = "  [" + std::to_string(done) + "/" + std::to_string(total_) + "] " + what + " (" +
                           std::to_string(elapsed_s) + " s)";
  if (terminal_) {
    std::string text = "\r" + line;
    if (line.size() < width_) text += std::string(width_ - line.size(), ' ');
    width_ = line.size();
    open_line_ = true;
    sink_(text);
    return;
  }
  if (done < total_ && now - last_written_ < log_every_) return;
  last_written_ = now;
  sink_(line + "\n");
}

void Progress::finish() {
  if (open_line_) sink_("\n");
  open_line_ = false;
}

Progress::Sink stderr_sink() {
  return [](const std::string& text) {
    std::fputs(text.c_str(), stderr);
    std::fflush(stderr);
  };
}

}  // namespace shmh::scenarios
