// libFuzzer target: the validators of what users type (names, sizes, scenario globs).
#include <cstddef>
#include <cstdint>
#include <string>

#include "harness/orchestrator/glob.h"
#include "harness/protocol/names.h"
#include "harness/platform/shared_memory.h"
#include "harness/cli/units.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // The results are dropped on purpose: only whether a validator crashes matters to a fuzz target.
  (void)shmh::name_problem(text);
  (void)shmh::platform::native_object_name(text);
  (void)shmh::parse_size(text);
  const auto split = text.find('\n');
  if (split != std::string::npos) (void)shmh::glob_match(text.substr(0, split), text.substr(split + 1));
  return 0;
}
