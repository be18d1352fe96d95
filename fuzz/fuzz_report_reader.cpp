// libFuzzer target: the report.json reader that compare uses on files from other machines.
#include <cstddef>
#include <cstdint>

#include "reports/json_report.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto json = nlohmann::json::parse(data, data + size, nullptr, false);
  if (json.is_discarded()) return 0;
  try {
    (void)shmh::report::report_from_json(json);  // only whether it crashes matters to a fuzz target
  } catch (const shmh::report::FormatError&) {
  }
  return 0;
}
