// Near misses of a name and FILE_MAP_* decoding, on recorded snapshots: the same rules on every
// backend, including Windows layouts (other sessions, session 0) this machine may not have.
#include <gtest/gtest.h>

#include "harness/platform/object_namespace.h"

namespace shmh::platform {
namespace {

NamedObject object(std::string prefix, std::string base, std::string type, std::string directory,
                   std::optional<std::uint32_t> session = std::nullopt) {
  NamedObject o;
  o.name = prefix + base;
  o.base_name = base;
  o.type = std::move(type);
  o.directory = std::move(directory);
  o.session = session;
  return o;
}

NamespaceSnapshot windows_snapshot(std::uint32_t own_session) {
  NamespaceSnapshot s;
  s.own_session = own_session;
  s.directories = {"\\Sessions\\1\\BaseNamedObjects", "\\Sessions\\2\\BaseNamedObjects", "\\BaseNamedObjects"};
  s.objects = {object(own_session == 2 ? "Local\\" : "Session\\2\\", "Orders", "section", "\\Sessions\\2\\BaseNamedObjects", 2),
               object("Global\\", "Orders ", "section", "\\BaseNamedObjects"),
               object("Global\\", "orders", "section", "\\BaseNamedObjects"),
               object("Global\\", "Invoices", "event", "\\BaseNamedObjects"),
               object("Global\\", "Unrelated", "section", "\\BaseNamedObjects")};
  return s;
}

std::vector<std::pair<NearMiss, std::string>> kinds(const std::vector<RelatedObject>& related) {
  std::vector<std::pair<NearMiss, std::string>> out;
  for (const auto& r : related) out.emplace_back(r.kind, r.object->name);
  return out;
}

TEST(RelatedObjects, AGlobalNameFindsTheLocalOneInAnotherSessionAndTheSpellingsNearIt) {
  const auto s = windows_snapshot(1);
  const auto related = kinds(related_objects(s, "Global\\Orders"));
  const std::vector<std::pair<NearMiss, std::string>> expected = {{NearMiss::other_namespace, "Session\\2\\Orders"},
                                                                  {NearMiss::other_case, "Global\\orders"},
                                                                  {NearMiss::spacing, "Global\\Orders "}};
  EXPECT_EQ(related, expected);
}

TEST(RelatedObjects, ALocalNameMatchesItsOwnSessionExactly) {
  const auto s = windows_snapshot(2);
  const auto related = related_objects(s, "Local\\Orders");
  ASSERT_FALSE(related.empty());
  EXPECT_EQ(related.front().kind, NearMiss::exact);
  EXPECT_EQ(related.front().object->name, "Local\\Orders");
  // A bare name is Local\ too.
  EXPECT_EQ(related_objects(s, "Orders").front().kind, NearMiss::exact);
}

TEST(RelatedObjects, AnotherKindUnderTheNameIsOtherType) {
  const auto s = windows_snapshot(1);
  const auto related = related_objects(s, "Global\\Invoices");
  ASSERT_EQ(related.size(), 1u);
  EXPECT_EQ(related[0].kind, NearMiss::other_type);
  EXPECT_EQ(related_objects(s, "Global\\Invoices", "event")[0].kind, NearMiss::exact);
}

TEST(RelatedObjects, InSessionZeroLocalIsTheGlobalDirectory) {
  NamespaceSnapshot s;
  s.own_session = 0;
  s.directories = {"\\BaseNamedObjects"};
  s.objects = {object("Global\\", "Orders", "section", "\\BaseNamedObjects")};
  EXPECT_EQ(related_objects(s, "Local\\Orders").front().kind, NearMiss::exact);
  EXPECT_EQ(related_objects(s, "Orders").front().kind, NearMiss::exact);
}

TEST(RelatedObjects, PosixHasOneNamespaceAndSemaphoresApart) {
  NamespaceSnapshot s;
  s.directories = {"/dev/shm"};
  s.objects = {object("", "Orders", "shared-memory object", "/dev/shm"), object("", "Orders", "semaphore", "/dev/shm"),
               object("", "ORDERS", "shared-memory object", "/dev/shm")};
  const auto related = kinds(related_objects(s, "Global\\Orders"));
  const std::vector<std::pair<NearMiss, std::string>> expected = {
      {NearMiss::exact, "Orders"}, {NearMiss::other_type, "Orders"}, {NearMiss::other_case, "ORDERS"}};
  EXPECT_EQ(related, expected);
  EXPECT_TRUE(related_objects(s, "Invoices").empty());
}

TEST(SectionAccess, DecodesTheDocumentedRights) {
  EXPECT_EQ(describe_section_access(0x000F001F), "FILE_MAP_ALL_ACCESS");
  EXPECT_EQ(describe_section_access(0x0004), "FILE_MAP_READ");
  EXPECT_EQ(describe_section_access(0x0006), "FILE_MAP_READ | FILE_MAP_WRITE");
  EXPECT_EQ(describe_section_access(0x000F003F), "FILE_MAP_ALL_ACCESS | FILE_MAP_EXECUTE");
  EXPECT_EQ(describe_section_access(0x20004), "FILE_MAP_READ | READ_CONTROL");
  // What CreateFileMapping(PAGE_READWRITE) grants, on Windows too (dlls/advapi32/tests/security.c,
  // test_filemap_security): never described as FILE_MAP_ALL_ACCESS.
  EXPECT_EQ(describe_section_access(0x000F0007),
            "FILE_MAP_READ | FILE_MAP_WRITE | SECTION_QUERY | DELETE | READ_CONTROL | WRITE_DAC | WRITE_OWNER");
  EXPECT_EQ(describe_section_access(0x01000004), "FILE_MAP_READ | 0x1000000");
  EXPECT_EQ(describe_section_access(0), "no access (0x0)");
}

}  // namespace
}  // namespace shmh::platform
