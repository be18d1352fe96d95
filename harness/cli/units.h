// Parsing of sizes typed by users ("4096", "64KiB", "1MiB", "4GiB").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shmh {

// Bytes for "N", "N B", "NKiB", "NMiB", "NGiB" (also K, M, G); nothing for anything else,
// negative numbers and overflow included.
std::optional<std::uint64_t> parse_size(std::string_view text);
// "4 KiB", "1 MiB", "300 B" — for messages.
std::string format_size(std::uint64_t bytes);

}  // namespace shmh
