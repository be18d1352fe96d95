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

}  // namespace
}  // namespace shmh
