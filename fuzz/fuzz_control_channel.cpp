// libFuzzer target: the orchestrator's reading of a role's control channel (line splitting,
// JSON parsing, observation decoding) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "harness/protocol/control_channel.h"
#include "reports/json_report.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  shmh::LineSplitter splitter(4096);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Feed in two pieces so that lines split across reads are exercised too.
  splitter.feed(bytes.substr(0, size / 2));
  splitter.feed(bytes.substr(size / 2));
  while (splitter.has_line()) {
    const auto json = nlohmann::json::parse(splitter.take(), nullptr, false);
    if (json.is_discarded()) continue;
    try {
      (void)shmh::report::observation_from_json(json);  // only whether it crashes matters to a fuzz target
    } catch (const shmh::report::FormatError&) {
    }
  }
  return 0;
}
