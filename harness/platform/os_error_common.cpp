// OS-independent part of OsError.
#include "harness/platform/os_error.h"

namespace shmh::platform {

std::string OsError::describe() const {
  std::string text = api + " failed: " + std::to_string(code) + " " + symbol;
  if (!message.empty()) text += " (" + message + ")";
  return text;
}


}  // namespace shmh::platform
