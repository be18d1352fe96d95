// Identities: --as-user's parsing and account choice, and whether this machine can make an
// identity, decided on recorded facts (the probes' results on Linux, Windows and Wine 8.0).
#include <gtest/gtest.h>

#include "harness/platform/identity.h"
#include "harness/platform/system_info.h"

namespace shmh::platform {
namespace {

TEST(UserSpec, ParsesNamesNumbersAndGroups) {
  auto spec = parse_user_spec("alice");
  EXPECT_EQ(spec.name, "alice");
  EXPECT_FALSE(spec.uid);
  EXPECT_FALSE(spec.gid);
  spec = parse_user_spec("61002:61000");
  EXPECT_EQ(spec.name, "");
  EXPECT_EQ(spec.uid, 61002u);
  EXPECT_EQ(spec.gid, 61000u);
  spec = parse_user_spec("alice:100");
  EXPECT_EQ(spec.name, "alice");
  EXPECT_EQ(spec.gid, 100u);
  EXPECT_EQ(spec.problem, "");
}

TEST(UserSpec, RefusesWhatIsNoUser) {
  EXPECT_NE(parse_user_spec("").problem.find("no user"), std::string::npos);
  EXPECT_NE(parse_user_spec(":5").problem.find("no user"), std::string::npos);
  EXPECT_NE(parse_user_spec("alice:staff").problem.find("must be a number"), std::string::npos);
  EXPECT_NE(parse_user_spec("1000:").problem.find("must be a number"), std::string::npos);
  EXPECT_NE(parse_user_spec("99999999999").problem.find("out of the range of a uid"), std::string::npos);
  EXPECT_NE(parse_user_spec("al ice").problem.find("neither a user name nor a uid"), std::string::npos);
}

TEST(ChooseAccount, ANameNeedsAnEntryANumberDoesNot) {
  const auto unknown = choose_account(parse_user_spec("shmh-nobody-here"), std::nullopt);
  EXPECT_FALSE(unknown.account);
  EXPECT_NE(unknown.problem.find("there is no user named 'shmh-nobody-here'"), std::string::npos) << unknown.problem;

  const auto bare = choose_account(parse_user_spec("61002"), std::nullopt);
  ASSERT_TRUE(bare.account);
  EXPECT_EQ(bare.account->uid, 61002u);
  EXPECT_EQ(bare.account->gid, 61002u) << "no entry, no primary group: the gid is the uid's number";

  const auto named = choose_account(parse_user_spec("alice"), PasswdEntry{1000, 100, "alice"});
  ASSERT_TRUE(named.account);
  EXPECT_EQ(named.account->gid, 100u) << "the entry's primary group";
  EXPECT_EQ(identity_name(Identity::posix(*named.account)), "alice (uid 1000 gid 100)");

  const auto regrouped = choose_account(parse_user_spec("alice:61000"), PasswdEntry{1000, 100, "alice"});
  ASSERT_TRUE(regrouped.account);
  EXPECT_EQ(regrouped.account->gid, 61000u) << "a given gid wins over the primary group";
}

TEST(OtherUser, NeedsRootOrBothCapabilities) {
  // Recorded: a developer's shell (uid 1000, no capabilities), root in CI, a container with caps.
  auto why = other_user_unavailable({1000, false, false, true, true});
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("needs root (or CAP_SETUID and CAP_SETGID), and this process is uid 1000 without them"), std::string::npos) << *why;
  why = other_user_unavailable({1000, true, false, true, true});
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("with only one of the two capabilities"), std::string::npos) << *why;
  EXPECT_FALSE(other_user_unavailable({0, false, false, true, true}));
  EXPECT_FALSE(other_user_unavailable({1000, true, true, true, true}));
  // nobody is needed only when no account was given.
  EXPECT_TRUE(other_user_unavailable({0, false, false, false, false}));
  EXPECT_FALSE(other_user_unavailable({0, false, false, false, true}));
}

TEST(AppContainer, Wine8LacksTheProfileFunctions) {
  // Recorded under Wine 8.0: userenv.dll exports none of the three.
  AppContainerFacts wine;
  wine.os_version = "10.0.19043";
  wine.wine_version = "8.0";
  const auto why = app_container_unavailable(wine);
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "userenv.dll has no CreateAppContainerProfile, DeriveAppContainerSidFromAppContainerName, "
                  "DeleteAppContainerProfile (GetProcAddress returned NULL) (Wine 8.0): no AppContainer can be made here");
}

TEST(AppContainer, DecidesOnVersionAndTheProbeCall) {
  AppContainerFacts facts;
  facts.create_profile_found = facts.derive_sid_found = facts.delete_profile_found = true;
  facts.probe_hresult = 0;
  EXPECT_FALSE(app_container_unavailable(facts));
  facts.probe_hresult = 0x800700B7u;  // HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS): the profile is there, usable
  EXPECT_FALSE(app_container_unavailable(facts));
  facts.probe_hresult = 0x80004001u;
  const auto stub = app_container_unavailable(facts);
  ASSERT_TRUE(stub);
  EXPECT_NE(stub->find("returned 0x80004001 E_NOTIMPL"), std::string::npos) << *stub;
  facts.windows_8_or_later = false;
  facts.os_version = "6.1.7601";
  const auto old = app_container_unavailable(facts);
  ASSERT_TRUE(old);
  EXPECT_NE(old->find("from Windows 8 on, and this is Windows 6.1.7601"), std::string::npos) << *old;
}

TEST(FilteredAdmin, OnlyAnAdministratorHasOne) {
  FilteredAdminFacts facts;
  facts.elevation_type = "default";
  auto why = filtered_admin_unavailable(facts);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("not an administrator"), std::string::npos) << *why;
  EXPECT_NE(why->find("TokenElevationType default"), std::string::npos) << *why;
  facts.elevation_type = "limited";
  why = filtered_admin_unavailable(facts);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("already runs with the filtered token"), std::string::npos) << *why;
  // Recorded under Wine 8.0: TokenElevationTypeFull, Administrators enabled, the token made.
  facts.elevation_type = "full";
  facts.administrators_enabled = true;
  EXPECT_FALSE(filtered_admin_unavailable(facts));
  // UAC off (GitHub's runners): an administrator with TokenElevationTypeDefault still has one to make.
  facts.elevation_type = "default";
  EXPECT_FALSE(filtered_admin_unavailable(facts));
  facts.token_error = "CreateRestrictedToken: 87 ERROR_INVALID_PARAMETER";
  facts.wine_version = "8.0";
  why = filtered_admin_unavailable(facts);
  ASSERT_TRUE(why);
  EXPECT_EQ(*why, "cannot make the filtered token: CreateRestrictedToken: 87 ERROR_INVALID_PARAMETER (Wine 8.0)");
}

TEST(Identity, APlainRestrictionStaysWhatItWas) {
  const Identity nobody = Restriction::other_user;
  EXPECT_EQ(identity_name(nobody), "nobody");
  EXPECT_EQ(identity_name(Restriction::low_integrity), "low integrity");
  EXPECT_EQ(identity_name(Identity::posix({61002, 61000, ""})), "uid 61002 gid 61000");
  // The old entry point and the new one agree.
  EXPECT_EQ(restriction_unavailable(Restriction::other_user), identity_unavailable(Restriction::other_user));
}

TEST(Identity, ResolvesThisMachinesUsers) {
  if (backend() == Backend::windows) {
    EXPECT_FALSE(resolve_user("root").account);
    return;
  }
  const auto root = resolve_user("root");
  ASSERT_TRUE(root.account) << root.problem;
  EXPECT_EQ(root.account->uid, 0u);
  EXPECT_EQ(root.account->name, "root");
  const auto missing = resolve_user("shmh-no-such-user");
  EXPECT_FALSE(missing.account);
  EXPECT_NE(missing.problem.find("getpwnam found no entry"), std::string::npos) << missing.problem;
}

}  // namespace
}  // namespace shmh::platform
