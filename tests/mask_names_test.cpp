// Access masks and protections by name: both ways, composite names, numbers, and refusals.
#include <gtest/gtest.h>

#include "harness/platform/mask_names.h"

namespace shmh::platform {
namespace {

std::optional<std::uint32_t> parse(std::string_view text, MaskKind kind, std::string* why = nullptr) {
  std::string error;
  auto value = parse_mask(text, kind, error);
  if (why) *why = error;
  return value;
}

TEST(MaskNames, AccessNamesAndNumbers) {
  EXPECT_EQ(parse("FILE_MAP_READ|FILE_MAP_WRITE", MaskKind::access), 0x6u);
  EXPECT_EQ(parse(" FILE_MAP_WRITE | FILE_MAP_READ ", MaskKind::access), 0x6u);
  EXPECT_EQ(parse("FILE_MAP_ALL_ACCESS", MaskKind::access), 0xF001Fu);
  EXPECT_EQ(parse("FILE_MAP_COPY", MaskKind::access), 0x1u);
  EXPECT_EQ(parse("0", MaskKind::access), 0u);
  EXPECT_EQ(parse("0xF0007", MaskKind::access), 0xF0007u);
  EXPECT_EQ(parse("6", MaskKind::access), 6u);
  EXPECT_EQ(parse("FILE_MAP_READ|0x10", MaskKind::access), 0x14u);
}

TEST(MaskNames, ProtectionNames) {
  EXPECT_EQ(parse("PAGE_READWRITE|SEC_COMMIT", MaskKind::protection), 0x08000004u);
  EXPECT_EQ(parse("SEC_RESERVE|SEC_COMMIT|PAGE_READWRITE", MaskKind::protection), 0x0C000004u);
  EXPECT_EQ(parse("PAGE_EXECUTE", MaskKind::protection), 0x10u);
  EXPECT_EQ(parse("SEC_LARGE_PAGES", MaskKind::protection), 0x80000000u);
  EXPECT_EQ(parse("SEC_IMAGE|PAGE_READONLY", MaskKind::protection), 0x01000002u);
}

TEST(MaskNames, RefusesWhatItDoesNotKnowAndSaysWhy) {
  std::string why;
  EXPECT_FALSE(parse("FILE_MAP_READ|PAGE_READWRITE", MaskKind::access, &why));
  EXPECT_EQ(why, "'PAGE_READWRITE' is not a FILE_MAP_* or SECTION_* name or a number");
  EXPECT_FALSE(parse("file_map_read", MaskKind::access, &why));
  EXPECT_FALSE(parse("FILE_MAP_READ||FILE_MAP_WRITE", MaskKind::access, &why));
  EXPECT_EQ(why, "an empty part between '|'");
  EXPECT_FALSE(parse("", MaskKind::protection, &why));
  EXPECT_EQ(why, "the mask is empty");
  EXPECT_FALSE(parse("0x", MaskKind::access, &why));
  EXPECT_FALSE(parse("12abc", MaskKind::access, &why));
  EXPECT_FALSE(parse("FILE_MAP_READ", MaskKind::protection, &why));
  EXPECT_EQ(why, "'FILE_MAP_READ' is not a PAGE_* or SEC_* name or a number");
}

TEST(MaskNames, NamesTheBitsLargestFirst) {
  EXPECT_EQ(mask_name(0x6, MaskKind::access), "FILE_MAP_WRITE|FILE_MAP_READ");
  EXPECT_EQ(mask_name(0xF001F, MaskKind::access), "FILE_MAP_ALL_ACCESS");
  // What CreateFileMappingW(PAGE_READWRITE) grants (advapi32/tests/security.c, test_filemap_security).
  EXPECT_EQ(mask_name(0xF0007, MaskKind::access), "STANDARD_RIGHTS_REQUIRED|SECTION_QUERY|FILE_MAP_WRITE|FILE_MAP_READ");
  EXPECT_EQ(mask_name(0, MaskKind::access), "0");
  EXPECT_EQ(mask_name(0x100004, MaskKind::access), "FILE_MAP_READ|0x100000");
  EXPECT_EQ(mask_name(0x0C000004, MaskKind::protection), "PAGE_READWRITE|SEC_RESERVE|SEC_COMMIT");
}

TEST(MaskNames, NamesParseBackToTheSameValue) {
  for (std::uint32_t value : {0x1u, 0x6u, 0xF0007u, 0xF001Fu, 0x2Du, 0x100004u}) {
    EXPECT_EQ(parse(mask_name(value, MaskKind::access), MaskKind::access), value) << mask_name(value, MaskKind::access);
  }
  for (std::uint32_t value : {0x2u, 0x08000004u, 0x81000010u}) {
    EXPECT_EQ(parse(mask_name(value, MaskKind::protection), MaskKind::protection), value);
  }
}

}  // namespace
}  // namespace shmh::platform
