// OS-independent: access masks and protections by name, both ways.
#include "harness/platform/mask_names.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <utility>

namespace shmh::platform {
namespace {

struct Named {
  const char* name;
  std::uint32_t value;
};

// Composite names first: mask_name() takes the first name whose bits are all set.
constexpr std::array kAccessNames{
    Named{"FILE_MAP_ALL_ACCESS", mask::kFileMapAllAccess},
    Named{"STANDARD_RIGHTS_REQUIRED", mask::kStandardRightsRequired},
    Named{"SECTION_QUERY", mask::kFileMapCopy},
    Named{"FILE_MAP_WRITE", mask::kFileMapWrite},
    Named{"FILE_MAP_READ", mask::kFileMapRead},
    Named{"SECTION_MAP_EXECUTE", mask::kSectionMapExecute},
    Named{"SECTION_EXTEND_SIZE", mask::kSectionExtendSize},
    Named{"FILE_MAP_EXECUTE", mask::kFileMapExecute},
    // Accepted when parsing, never produced (the names above come first).
    Named{"FILE_MAP_COPY", mask::kFileMapCopy},
    Named{"SECTION_MAP_WRITE", mask::kFileMapWrite},
    Named{"SECTION_MAP_READ", mask::kFileMapRead},
    Named{"SECTION_ALL_ACCESS", mask::kFileMapAllAccess},
};

constexpr std::array kProtectionNames{
    Named{"PAGE_NOACCESS", mask::kPageNoAccess},
    Named{"PAGE_READONLY", mask::kPageReadOnly},
    Named{"PAGE_READWRITE", mask::kPageReadWrite},
    Named{"PAGE_WRITECOPY", mask::kPageWriteCopy},
    Named{"PAGE_EXECUTE", mask::kPageExecute},
    Named{"PAGE_EXECUTE_READ", mask::kPageExecuteRead},
    Named{"PAGE_EXECUTE_READWRITE", mask::kPageExecuteReadWrite},
    Named{"PAGE_EXECUTE_WRITECOPY", mask::kPageExecuteWriteCopy},
    Named{"SEC_IMAGE", mask::kSecImage},
    Named{"SEC_RESERVE", mask::kSecReserve},
    Named{"SEC_COMMIT", mask::kSecCommit},
    Named{"SEC_NOCACHE", mask::kSecNoCache},
    Named{"SEC_WRITECOMBINE", mask::kSecWriteCombine},
    Named{"SEC_LARGE_PAGES", mask::kSecLargePages},
};

template <typename F>
void for_names(MaskKind kind, F&& f) {
  if (kind == MaskKind::access) {
    for (const auto& n : kAccessNames) f(n);
  } else {
    for (const auto& n : kProtectionNames) f(n);
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::uint32_t> parse_number(std::string_view part) {
  int base = 10;
  if (part.size() > 2 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
    part.remove_prefix(2);
    base = 16;
  }
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value, base);
  if (ec != std::errc() || end != part.data() + part.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::uint32_t> parse_mask(std::string_view text, MaskKind kind, std::string& error) {
  std::uint32_t value = 0;
  if (trim(text).empty()) {
    error = "the mask is empty";
    return std::nullopt;
  }
  while (true) {
    const auto bar = text.find('|');
    const std::string_view part = trim(text.substr(0, bar));
    if (part.empty()) {
      error = "an empty part between '|'";
      return std::nullopt;
    }
    std::optional<std::uint32_t> found;
    if (part.front() >= '0' && part.front() <= '9') {
      found = parse_number(part);
    } else {
      for_names(kind, [&](const Named& n) {
        if (!found && part == n.name) found = n.value;
      });
    }
    if (!found) {
      error = "'" + std::string(part) + "' is not " +
              (kind == MaskKind::access ? "a FILE_MAP_* or SECTION_* name" : "a PAGE_* or SEC_* name") + " or a number";
      return std::nullopt;
    }
    value |= *found;
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  return value;
}

std::string mask_name(std::uint32_t value, MaskKind kind) {
  if (value == 0) return "0";
  std::string text;
  std::uint32_t left = value;
  for_names(kind, [&](const Named& n) {
    if ((left & n.value) == n.value && n.value != 0) {
      text += (text.empty() ? "" : "|") + std::string(n.name);
      left &= ~n.value;
    }
  });
  if (left != 0) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%X", left);
    text += (text.empty() ? "" : "|") + std::string(hex);
  }
  return text;
}

}  // namespace shmh::platform
