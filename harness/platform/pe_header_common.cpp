// The PE header check of pe_header.h.
#include "harness/platform/pe_header.h"

#include <cstdint>
#include <cstdio>

namespace shmh::platform {
namespace {

std::uint32_t pe_read_le(std::string_view bytes, std::size_t at, std::size_t width) {
  std::uint32_t value = 0;
  for (std::size_t i = width; i-- > 0;) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

std::string pe_machine_name(std::uint32_t machine) {
  switch (machine) {
    case 0x014C: return "a 32-bit (x86) program";
    case 0xAA64: return "an ARM64 program";
    case 0x01C4: return "a 32-bit ARM program";
    case 0x0200: return "an Itanium program";
    default: {
      char text[48];
      std::snprintf(text, sizeof text, "a program for machine 0x%04X", static_cast<unsigned>(machine));
      return text;
    }
  }
}

}  // namespace

std::optional<std::string> pe_trace_problem(std::string_view head) {
  if (head.size() < 0x40 || head.substr(0, 2) != "MZ") return "is not a Windows program (no MZ header): not a PE file";
  const std::uint32_t pe_at = pe_read_le(head, 0x3C, 4);
  // The signature, the 20-byte file header and the optional header's Magic.
  if (pe_at > head.size() || head.size() - pe_at < 4 + 20 + 2) {
    return "has an MZ header whose PE header lies past its first " + std::to_string(head.size()) +
           " bytes: a DOS program or a damaged file, not a PE file";
  }
  if (head.substr(pe_at, 4) != std::string_view("PE\0\0", 4)) return "has an MZ header but no PE signature: a DOS program, not a PE file";
  const std::uint32_t machine = pe_read_le(head, pe_at + 4, 2);
  const std::uint32_t characteristics = pe_read_le(head, pe_at + 4 + 18, 2);
  const std::uint32_t magic = pe_read_le(head, pe_at + 4 + 20, 2);
  constexpr std::uint32_t kAmd64 = 0x8664, kDll = 0x2000, kPe32Plus = 0x20B;
  if (machine != kAmd64 || magic != kPe32Plus) {
    return "is " + pe_machine_name(machine) + ": the tracer reads the x64 calling convention's registers and traces x64 programs "
           "only; build it for x64";
  }
  if (characteristics & kDll) return "is a DLL, not a program: trace the program that loads it";
  return std::nullopt;
}

}  // namespace shmh::platform
