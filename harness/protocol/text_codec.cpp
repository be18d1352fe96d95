// UTF-8 <-> UTF-16LE conversion for message bytes, written out because std::codecvt is deprecated.
#include "harness/protocol/text_codec.h"

#include <cstdint>
#include <vector>

namespace shmh {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

std::vector<char32_t> utf8_code_points(std::string_view text) {
  std::vector<char32_t> points;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    int extra = lead < 0x80 ? 0 : (lead >> 5) == 0x6 ? 1 : (lead >> 4) == 0xE ? 2 : (lead >> 3) == 0x1E ? 3 : -1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) >= text.size()) {
      points.push_back(kReplacement);
      ++i;
      continue;
    }
    char32_t point = extra == 0 ? lead : lead & (0x3F >> extra);
    bool valid = true;
    for (int k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((next & 0xC0) != 0x80) valid = false;
      point = (point << 6) | (next & 0x3F);
    }
    points.push_back(valid ? point : kReplacement);
    i += valid ? static_cast<std::size_t>(extra) + 1 : 1;
  }
  return points;
}

void append_utf8(std::string& out, char32_t point) {
  if (point < 0x80) {
    out += static_cast<char>(point);
  } else if (point < 0x800) {
    out += static_cast<char>(0xC0 | (point >> 6));
    out += static_cast<char>(0x80 | (point & 0x3F));
  } else if (point < 0x10000) {
    out += static_cast<char>(0xE0 | (point >> 12));
    out += static_cast<char>(0x80 | ((point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (point >> 18));
    out += static_cast<char>(0x80 | ((point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (point & 0x3F));
  }
}

void append_utf16le(std::string& out, char16_t unit) {
  out += static_cast<char>(unit & 0xFF);
  out += static_cast<char>(unit >> 8);
}

}  // namespace

const char* encoding_name(Encoding encoding) { return encoding == Encoding::utf8 ? "utf8" : "utf16"; }

std::string encode_message(std::string_view utf8_text, Encoding encoding) {
  if (encoding == Encoding::utf8) return std::string(utf8_text) + '\0';
  std::string out;
  for (char32_t point : utf8_code_points(utf8_text)) {
    if (point >= 0x10000) {
      point -= 0x10000;
      append_utf16le(out, static_cast<char16_t>(0xD800 + (point >> 10)));
      append_utf16le(out, static_cast<char16_t>(0xDC00 + (point & 0x3FF)));
    } else {
      append_utf16le(out, static_cast<char16_t>(point));
    }
  }
  out.append(2, '\0');
  return out;
}

std::string decode_message(const std::byte* data, std::size_t size, Encoding encoding) {
  std::string out;
  if (encoding == Encoding::utf8) {
    std::size_t length = 0;
    while (length < size && data[length] != std::byte{0}) ++length;
    for (char32_t point : utf8_code_points({reinterpret_cast<const char*>(data), length})) {
      append_utf8(out, point);
    }
    return out;
  }
  for (std::size_t i = 0; i + 1 < size; i += 2) {
    char32_t unit = std::to_integer<unsigned>(data[i]) | (std::to_integer<unsigned>(data[i + 1]) << 8);
    if (unit == 0) break;
    if (unit >= 0xD800 && unit < 0xDC00 && i + 3 < size) {
      const char32_t low = std::to_integer<unsigned>(data[i + 2]) | (std::to_integer<unsigned>(data[i + 3]) << 8);
      if (low >= 0xDC00 && low < 0xE000) {
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      } else {
        unit = kReplacement;
      }
    } else if (unit >= 0xD800 && unit < 0xE000) {
      unit = kReplacement;
    }
    append_utf8(out, unit);
  }
  return out;
}

Encoding guess_encoding(const std::byte* data, std::size_t size) {
  if (size < 2 || data[0] == std::byte{0} || data[1] != std::byte{0}) return Encoding::utf8;
  return Encoding::utf16;
}

}  // namespace shmh
