// Message encoding: UTF-8 and UTF-16LE as the classic sample's char and UNICODE builds write them.
#include <gtest/gtest.h>

#include "harness/protocol/text_codec.h"

namespace shmh {
namespace {

std::string round_trip(const std::string& text, Encoding encoding) {
  const std::string bytes = encode_message(text, encoding);
  return decode_message(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size(), encoding);
}

TEST(TextCodec, Utf16IsLittleEndianWithTwoByteTerminator) {
  const std::string bytes = encode_message("Hi", Encoding::utf16);
  ASSERT_EQ(bytes, std::string("H\0i\0\0\0", 6));
}

TEST(TextCodec, RoundTripsNonAsciiAndSurrogatePairs) {
  const std::string text = "Grüße ✓ 𝄞";
  EXPECT_EQ(round_trip(text, Encoding::utf8), text);
  EXPECT_EQ(round_trip(text, Encoding::utf16), text);
}

TEST(TextCodec, DecodeStopsAtTerminatorAndAtTheEndOfTheView) {
  const std::string bytes("abc\0def", 7);
  EXPECT_EQ(decode_message(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size(), Encoding::utf8), "abc");
  EXPECT_EQ(decode_message(reinterpret_cast<const std::byte*>("abcd"), 2, Encoding::utf8), "ab");
}

TEST(TextCodec, InvalidBytesBecomeReplacementCharacters) {
  const std::string bytes("a\xff" "b", 3);
  EXPECT_EQ(decode_message(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size(), Encoding::utf8),
            "a\xEF\xBF\xBD" "b");
}

TEST(TextCodec, GuessesUtf16FromZeroOddBytes) {
  const std::string wide = encode_message("Message", Encoding::utf16);
  const std::string narrow = encode_message("Message", Encoding::utf8);
  EXPECT_EQ(guess_encoding(reinterpret_cast<const std::byte*>(wide.data()), wide.size()), Encoding::utf16);
  EXPECT_EQ(guess_encoding(reinterpret_cast<const std::byte*>(narrow.data()), narrow.size()), Encoding::utf8);
}

}  // namespace
}  // namespace shmh
