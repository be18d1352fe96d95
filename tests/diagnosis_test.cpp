// diagnose's explanations on recorded facts, including the branches only real Windows reaches
// (an enforced SeCreateGlobalPrivilege, Low integrity writing up, session 0).
#include <gtest/gtest.h>

#include "harness/cli/diagnosis.h"

namespace shmh {
namespace {

report::Observation failed(const std::string& api, std::int64_t code, const std::string& symbol) {
  report::Observation o;
  o.api = api;
  o.ok = false;
  o.error = report::ErrorInfo{code, symbol, ""};
  return o;
}

report::Observation succeeded(const std::string& api) {
  report::Observation o;
  o.api = api;
  o.ok = true;
  return o;
}

DiagnoseFacts windows_user(const std::string& name) {
  DiagnoseFacts f;
  f.name = name;
  f.windows = true;
  f.token.user = "CONTOSO\\alice";
  f.token.session_id = 1;
  f.token.integrity_level = "Medium";
  f.token.elevated = false;
  f.token.privileges = {{"SeChangeNotifyPrivilege", true}};
  return f;
}

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& line : lines) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(Diagnosis, GlobalCreateWithoutThePrivilegeInSessionOne) {
  auto f = windows_user("Global\\orders");
  f.open = failed("OpenFileMappingW", 2, "ERROR_FILE_NOT_FOUND");
  f.create = failed("CreateFileMappingW", 5, "ERROR_ACCESS_DENIED");
  const auto d = explain(f);
  EXPECT_FALSE(d.works);
  EXPECT_TRUE(mentions(d.reasons, "creating Global\\ objects from session 1 requires SeCreateGlobalPrivilege, which this process lacks"));
  EXPECT_TRUE(mentions(d.reasons, "not elevated"));
  EXPECT_TRUE(mentions(d.advice, "run elevated or as a service"));
  EXPECT_TRUE(mentions(d.advice, "use Local\\ when both sides share a session"));
}

TEST(Diagnosis, APrivilegeHeldButNotEnabledIsSaidSo) {
  auto f = windows_user("Global\\orders");
  f.token.privileges.push_back({"SeCreateGlobalPrivilege", false});
  f.open = failed("OpenFileMappingW", 2, "ERROR_FILE_NOT_FOUND");
  f.create = failed("CreateFileMappingW", 5, "ERROR_ACCESS_DENIED");
  EXPECT_TRUE(mentions(explain(f).reasons, "holds but has not enabled"));
}

TEST(Diagnosis, SessionZeroNeedsNoPrivilege) {
  auto f = windows_user("Global\\orders");
  f.token.session_id = 0;
  f.token.service = true;
  f.open = failed("OpenFileMappingW", 2, "ERROR_FILE_NOT_FOUND");
  f.create = failed("CreateFileMappingW", 5, "ERROR_ACCESS_DENIED");
  EXPECT_TRUE(mentions(explain(f).reasons, "session 0, where creating Global\\ objects needs no privilege"));
}

TEST(Diagnosis, LowIntegrityCannotWriteUp) {
  auto f = windows_user("Local\\orders");
  f.token.integrity_level = "Low";
  f.access = "write";
  f.object_kind = "section";
  f.open = failed("OpenFileMappingW", 5, "ERROR_ACCESS_DENIED");
  const auto d = explain(f);
  EXPECT_FALSE(d.works);
  EXPECT_TRUE(mentions(d.reasons, "no-write-up"));
  EXPECT_TRUE(mentions(d.advice, "S:(ML;;NW;;;LW)"));
}

TEST(Diagnosis, ADaclThatDeniesIsQuoted) {
  auto f = windows_user("Local\\orders");
  f.object_kind = "section";
  f.descriptor = "D:(A;;GR;;;WD)";
  f.owner = "CONTOSO\\bob";
  f.access = "write";
  f.open = failed("OpenFileMappingW", 5, "ERROR_ACCESS_DENIED");
  const auto d = explain(f);
  EXPECT_TRUE(mentions(d.reasons, "its DACL is D:(A;;GR;;;WD), owner CONTOSO\\bob, which does not grant write to CONTOSO\\alice"));
}

TEST(Diagnosis, ANameTakenByAnotherKindOfObject) {
  auto f = windows_user("Local\\orders");
  f.object_kind = "event";
  f.open = failed("OpenFileMappingW", 6, "ERROR_INVALID_HANDLE");
  const auto d = explain(f);
  EXPECT_NE(d.verdict.find("taken by an event"), std::string::npos) << d.verdict;
  EXPECT_TRUE(mentions(d.reasons, "share one namespace"));
}

TEST(Diagnosis, MissingButCreatableTellsWhoMustHoldIt) {
  auto f = windows_user("Local\\orders");
  f.open = failed("OpenFileMappingW", 2, "ERROR_FILE_NOT_FOUND");
  f.create = succeeded("CreateFileMappingW");
  const auto d = explain(f);
  EXPECT_TRUE(d.works);
  EXPECT_TRUE(mentions(d.advice, "dies with its last handle"));
}

TEST(Diagnosis, PosixModeBitsForAnotherUser) {
  DiagnoseFacts f;
  f.name = "Local\\orders";
  f.windows = false;
  f.token.user = "nobody";
  f.access = "write";
  f.object_kind = "shared-memory object";
  f.descriptor = "0644";
  f.owner = "root";
  f.open = failed("shm_open", 13, "EACCES");
  const auto d = explain(f);
  EXPECT_TRUE(mentions(d.reasons, "its mode is 0644, owner root, which does not grant write to nobody"));
  EXPECT_TRUE(mentions(d.advice, "0666 for writers"));
}

TEST(Diagnosis, WineIsNamedAsNotEnforcing) {
  auto f = windows_user("Global\\orders");
  f.wine = "8.0";
  f.open = succeeded("OpenFileMappingW");
  const auto d = explain(f);
  EXPECT_TRUE(d.works);
  EXPECT_TRUE(mentions(d.reasons, "Wine 8.0: it does not enforce SeCreateGlobalPrivilege"));
}

DiagnoseFacts::Related seen(platform::NearMiss kind, const std::string& prefix, const std::string& base, const std::string& type,
                            std::optional<std::uint32_t> session) {
  DiagnoseFacts::Related r;
  r.kind = kind;
  r.object.name = prefix + base;
  r.object.base_name = base;
  r.object.type = type;
  r.object.session = session;
  r.object.directory = session ? "\\Sessions\\" + std::to_string(*session) + "\\BaseNamedObjects" : "\\BaseNamedObjects";
  return r;
}

TEST(Diagnosis, TheNameInAnotherSessionIsSaidWithItsHolder) {
  auto f = windows_user("Global\\Orders");
  f.namespace_read = true;
  auto local = seen(platform::NearMiss::other_namespace, "Session\\2\\", "Orders", "section", 2);
  local.object.holders.push_back({4312, "OrdersService.exe", "FILE_MAP_ALL_ACCESS", 0xF001F, false});
  f.related = {local};
  f.open = failed("OpenFileMappingW", 2, "ERROR_FILE_NOT_FOUND");
  f.create = failed("CreateFileMappingW", 5, "ERROR_ACCESS_DENIED");
  const auto d = explain(f);
  EXPECT_TRUE(mentions(d.reasons, "nothing named Global\\Orders, but Session\\2\\Orders exists in session 2 (section); "
                                  "held by pid 4312 (OrdersService.exe) with FILE_MAP_ALL_ACCESS"));
  EXPECT_TRUE(mentions(d.advice, "open 'Session\\2\\Orders' where it is"));
}

TEST(Diagnosis, HoldersOfTheObjectItselfAreNamed) {
  auto f = windows_user("Local\\Orders");
  f.namespace_read = true;
  auto here = seen(platform::NearMiss::exact, "Local\\", "Orders", "section", 1);
  here.object.holders.push_back({4312, "OrdersService.exe", "FILE_MAP_ALL_ACCESS", 0xF001F, false});
  f.related = {here};
  f.unreadable = {{4, "System", "OpenProcess(PROCESS_DUP_HANDLE) failed: 5 ERROR_ACCESS_DENIED"}};
  f.open = succeeded("OpenFileMappingW");
  const auto d = explain(f);
  EXPECT_TRUE(d.works);
  EXPECT_TRUE(mentions(d.reasons, "Local\\Orders (section) is held by pid 4312 (OrdersService.exe) with FILE_MAP_ALL_ACCESS"));
  EXPECT_TRUE(mentions(d.reasons, "1 process(es) could not be examined and may hold it too: pid 4 (System)"));
}

TEST(Diagnosis, AnEventUnderTheNameAndOtherSpellingsAreNamed) {
  auto f = windows_user("Local\\Orders");
  f.namespace_read = true;
  f.related = {seen(platform::NearMiss::other_type, "Local\\", "Orders", "event", 1),
               seen(platform::NearMiss::other_case, "Local\\", "orders", "section", 1),
               seen(platform::NearMiss::spacing, "Local\\", "Orders ", "section", 1)};
  f.open = failed("OpenFileMappingW", 6, "ERROR_INVALID_HANDLE");
  const auto d = explain(f);
  EXPECT_TRUE(mentions(d.reasons, "an event named Local\\Orders exists: a section cannot take that name (6 ERROR_INVALID_HANDLE)"));
  EXPECT_TRUE(mentions(d.reasons, "'Local\\orders' exists (section, in session 1): it differs only in letter case"));
  EXPECT_TRUE(mentions(d.reasons, "'Local\\Orders ' exists (section, in session 1): it differs only in leading or trailing spaces"));
}

TEST(Diagnosis, RootOnPosixIsToldItBypassesTheModeBits) {
  DiagnoseFacts f;
  f.name = "Local\\orders";
  f.windows = false;
  f.token.user = "root";
  f.token.uid = 0;
  f.open = succeeded("shm_open");
  const auto d = explain(f);
  EXPECT_TRUE(mentions(d.reasons, "uid 0"));
  EXPECT_TRUE(mentions(d.reasons, "--as-restricted"));
  f.token.uid = 1000;
  EXPECT_FALSE(mentions(explain(f).reasons, "uid 0"));
}

}  // namespace
}  // namespace shmh
