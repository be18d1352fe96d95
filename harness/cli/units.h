// Parsing of sizes typed by users ("4096", "64KiB", "1MiB", "4GiB").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace shmh {

// Bytes for "N", "N B", "NKiB", "NMiB", "NGiB" (also K, M, G); nothing for anything else,
// negative numbers and overflow included.
std::optional<std::uint64_t> parse_size(std::string_view text);

}  // namespace shmh
