// DACL evaluation on recorded descriptors: who gets which section rights, with the Windows rules.
#include <gtest/gtest.h>

#include "harness/platform/acl_rights.h"

namespace shmh {
namespace {

using namespace platform;

constexpr std::uint32_t kRead = 0x4, kWrite = 0x2, kQuery = 0x1, kReadControl = 0x20000, kAll = 0xF001F;

ParsedDescriptor parsed(const std::string& sddl) {
  std::string error;
  auto d = parse_sddl(sddl, error);
  EXPECT_TRUE(d) << sddl << ": " << error;
  return d.value_or(ParsedDescriptor{});
}

std::uint32_t rights_of(const std::vector<PrincipalRights>& all, const std::string& sid) {
  for (const auto& p : all) {
    if (p.sid == sid) return p.rights;
  }
  ADD_FAILURE() << sid << " is not listed";
  return 0;
}

bool warns(const std::vector<std::string>& warnings, const std::string& part) {
  for (const auto& w : warnings) {
    if (w.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST(AclRights, GenericRightsMapToSectionRights) {
  EXPECT_EQ(map_generic_section_rights(0x80000000), kReadControl | kQuery | kRead);
  EXPECT_EQ(map_generic_section_rights(0x40000000), kReadControl | kWrite);
  EXPECT_EQ(map_generic_section_rights(0x20000000), kReadControl | 0x8u);
  EXPECT_EQ(map_generic_section_rights(0x10000000), kAll);
}

TEST(AclRights, ReadOnlyEveryoneGrantsReadToAllAndWriteToNone) {
  const auto who = who_may_open(parsed("D:(A;;GR;;;WD)"));
  for (const char* sid : {"WD", "AU", "IU", "BA", "SY"}) {
    EXPECT_EQ(rights_of(who, sid), kReadControl | kQuery | kRead) << sid;
  }
  EXPECT_FALSE(warns(descriptor_warnings(who), "Everyone can write"));
  EXPECT_FALSE(warns(descriptor_warnings(who), "nobody but"));
}

TEST(AclRights, DenyAllGrantsNothing) {
  const auto who = who_may_open(parsed("D:(D;;GA;;;WD)"));
  EXPECT_EQ(rights_of(who, "WD"), 0u);
  EXPECT_EQ(rights_of(who, "SY"), 0u);
  EXPECT_TRUE(warns(descriptor_warnings(who), "nobody but the creator/owner"));
}

TEST(AclRights, EmptyDaclGrantsNothingButTheOwnersImplicitRights) {
  const auto who = who_may_open(parsed("O:BAD:"));
  EXPECT_EQ(rights_of(who, "WD"), 0u);
  // The owner may read and change the DACL, but not map the section.
  EXPECT_EQ(rights_of(who, "BA"), kReadControl | 0x40000u);
  EXPECT_TRUE(warns(descriptor_warnings(who), "nobody but the creator/owner"));
}

TEST(AclRights, TheOwnersImplicitRightsSurviveADenyButNotAnOwnerRightsAce) {
  EXPECT_EQ(rights_of(who_may_open(parsed("O:BAD:(D;;RC;;;WD)")), "BA") & kReadControl, kReadControl);
  EXPECT_EQ(rights_of(who_may_open(parsed("O:BAD:(A;;GR;;;OW)")), "BA"), kReadControl | kQuery | kRead);
}

TEST(AclRights, NullDaclGrantsEveryoneEverythingAndWarns) {
  for (const char* sddl : {"D:NO_ACCESS_CONTROL", ""}) {
    const auto who = who_may_open(parsed(sddl));
    EXPECT_EQ(rights_of(who, "WD"), kAll) << sddl;
    EXPECT_TRUE(warns(descriptor_warnings(who), "Everyone can write")) << sddl;
  }
}

TEST(AclRights, DenyBeforeAllowWinsForTheDeniedBitsOnly) {
  const auto who = who_may_open(parsed("D:(D;;GW;;;AU)(A;;GA;;;WD)"));
  // Authenticated users lose write (and the READ_CONTROL GW carries) but keep the rest of GA.
  EXPECT_EQ(rights_of(who, "AU") & kWrite, 0u);
  EXPECT_EQ(rights_of(who, "AU") & kRead, kRead);
  // Everyone alone (an anonymous token) is not in AU: it gets all.
  EXPECT_EQ(rights_of(who, "WD"), kAll);
}

TEST(AclRights, AnAllowBeforeADenyKeepsWhatItGranted) {
  // Not canonical order: the allow comes first, so the later deny cannot take the bits back.
  const auto who = who_may_open(parsed("D:(A;;GA;;;WD)(D;;GW;;;AU)"));
  EXPECT_EQ(rights_of(who, "AU"), kAll);
}

TEST(AclRights, EverySidTheDaclNamesIsListedWithItsGroups) {
  const auto who = who_may_open(parsed("O:SYD:(A;;GRGW;;;S-1-5-21-1-2-3-1001)(A;;GR;;;BA)"));
  EXPECT_EQ(rights_of(who, "S-1-5-21-1-2-3-1001"), kReadControl | kQuery | kRead | kWrite);
  EXPECT_EQ(rights_of(who, "BA"), kReadControl | kQuery | kRead);
  EXPECT_EQ(rights_of(who, "WD"), 0u);
}

TEST(AclRights, HexRightsAndBadAcesAreParsedOrRefused) {
  EXPECT_EQ(parsed("D:(A;;0xf0007;;;WD)").dacl.at(0).mask, 0xF0007u);
  std::string error;
  EXPECT_FALSE(parse_sddl("D:(OA;;GR;;;WD)", error));
  EXPECT_NE(error.find("'OA'"), std::string::npos) << error;
  EXPECT_FALSE(parse_sddl("D:(A;;ZZ;;;WD)", error));
  EXPECT_FALSE(parse_sddl("D:(A;;GR;;;WD", error));
}

TEST(AclRights, PosixModeBitsGiveOwnerGroupAndOthers) {
  const auto who = who_may_open_posix(0640, "alice", "staff");
  ASSERT_EQ(who.size(), 3u);
  EXPECT_EQ(who[0].rights, kRead | kWrite);
  EXPECT_EQ(who[1].rights, kRead);
  EXPECT_EQ(who[2].rights, 0u);
}

}  // namespace
}  // namespace shmh
