// The one size formatter of shm-harness: the CLI, the scenarios and the report writers use it.
#pragma once

#include <cstdint>
#include <string>

namespace shmh::report {

// Bytes in the largest binary unit (B, KiB, MiB, GiB, TiB) that holds at least one: "256 B",
// "64 KiB", "1.5 MiB". A size that the unit shows exactly with at most two decimals is printed
// with no more decimals than it needs ("1.5 MiB" is exactly 1536 KiB); any other size is
// rounded to two decimals and always shows both ("4.00 KiB" for 4097 bytes), so a reader can
// tell a rounded figure from an exact one.
std::string format_size(std::uint64_t bytes);

}  // namespace shmh::report
