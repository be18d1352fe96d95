// Bounded line splitting for the control channel.
#include "harness/protocol/control_channel.h"

namespace shmh {

void LineSplitter::feed(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto newline = bytes.find('\n');
    const std::string_view piece = bytes.substr(0, newline);
    if (!discarding_) {
      if (partial_.size() + piece.size() > max_line_) {
        discarding_ = true;
        partial_.clear();
        ++overlong_;
      } else {
        partial_.append(piece);
      }
    }
    if (newline == std::string_view::npos) return;
    if (!discarding_) {
      if (!partial_.empty() && partial_.back() == '\r') partial_.pop_back();
      lines_.push_back(std::move(partial_));
    }
    partial_.clear();
    discarding_ = false;
    bytes.remove_prefix(newline + 1);
  }
}

std::string LineSplitter::take() {
  std::string line = std::move(lines_.front());
  lines_.pop_front();
  return line;
}

}  // namespace shmh
