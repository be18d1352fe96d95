// UTF-8 <-> UTF-16LE for message bytes in shared memory: the classic sample writes TCHARs,
// which are UTF-16 in a UNICODE build and 8-bit otherwise. Portable (no OS calls).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace shmh {

enum class Encoding { utf8, utf16 };

// Bytes to store for `text` in the given encoding, with the terminating NUL (1 or 2 bytes).
std::string encode_message(std::string_view utf8_text, Encoding encoding);
// Reads a NUL-terminated message of at most `size` bytes; invalid sequences become U+FFFD.
std::string decode_message(const std::byte* data, std::size_t size, Encoding encoding);
// Guesses the encoding of a message already in memory: UTF-16LE when the text's odd bytes are
// zero (ASCII or Latin text written as WCHARs), else UTF-8.
Encoding guess_encoding(const std::byte* data, std::size_t size);
const char* encoding_name(Encoding encoding);

}  // namespace shmh
