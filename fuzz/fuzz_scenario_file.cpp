// libFuzzer target: the scenario-file parser (TOML, UTF-8 check, every key's rules) on any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scenarios/file/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<std::string> reserved{"create-open", "race"};
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = shmh::scenario_file::parse_text(text, "fuzz.toml", reserved);
  // Every problem must be printable; the result is dropped on purpose.
  for (const auto& problem : parsed.problems) (void)problem.text();
  return 0;
}
