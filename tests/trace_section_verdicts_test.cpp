// The Windows verdicts of `trace` (trace_section_verdicts.cpp) on recorded calls: the access mask
// the program passed, the handle a view used, the section's DACL as AccessCheck judged it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/cli/trace_verdicts.h"
#include "harness/platform/mask_names.h"

namespace shmh {
namespace {

namespace mask = platform::mask;
using platform::TracedCall;

constexpr std::uint32_t kReadControl = 0x00020000;
constexpr std::uint32_t kSectionQuery = 0x0001;

TracedCall win_call(const std::string& api, const std::string& name, std::int64_t error, std::uint64_t result) {
  TracedCall c;
  c.pid = 4242;
  c.tid = 1;
  c.api = api;
  c.object_name = name;
  c.result_value = result;
  c.result = result == 0 ? "NULL" : "0x" + std::to_string(result);
  c.failed = result == 0;
  c.error = error;
  if (error == 2) c.error_symbol = "ERROR_FILE_NOT_FOUND";
  if (error == 5) c.error_symbol = "ERROR_ACCESS_DENIED";
  if (error == 183) c.error_symbol = "ERROR_ALREADY_EXISTS";
  if (error == 1132) c.error_symbol = "ERROR_MAPPED_ALIGNMENT";
  return c;
}

TracedCall open_call(std::uint32_t access, std::int64_t error, std::uint64_t handle) {
  auto c = win_call("OpenFileMappingW", "Local\\orders", error, handle);
  c.access = access;
  return c;
}

TracedCall create_call(std::uint64_t size, std::int64_t error, std::uint64_t handle, std::uint32_t protection = 0x04) {
  auto c = win_call("CreateFileMappingW", "Local\\orders", error, handle);
  c.protection = protection;
  c.size = size;
  return c;
}

TracedCall view_call(std::uint64_t handle, std::uint32_t access, std::uint64_t offset, std::uint64_t size, std::int64_t error) {
  auto c = win_call("MapViewOfFile", "", error, error == 0 ? 0x7ff600000000ull : 0);
  c.handle = handle;
  c.access = access;
  c.offset = offset;
  c.size = size;
  return c;
}

// The section as another program holds it: DACL D:(A;;GR;;;WD), which gives this token
// READ_CONTROL|SECTION_QUERY|SECTION_MAP_READ (GENERIC_READ mapped) and nothing else.
TracedNameFacts read_only_section() {
  TracedNameFacts f;
  f.name = "Local\\orders";
  f.object_kind = "section";
  f.descriptor = "D:(A;;GR;;;WD)";
  f.owner = "WORKGROUP\\service";
  f.granted_here = kReadControl | kSectionQuery | mask::kFileMapRead;
  return f;
}

platform::TokenInfo alice() {
  platform::TokenInfo t;
  t.user = "WORKGROUP\\alice";
  t.session_id = 1;
  t.integrity_level = "Medium";
  return t;
}

const Diagnosis& only_verdict(const std::vector<TraceVerdict>& verdicts, std::size_t index) {
  static const Diagnosis none;
  EXPECT_EQ(verdicts.size(), 1u);
  if (verdicts.empty()) return none;
  EXPECT_EQ(verdicts[0].call_index, index);
  return verdicts[0].diagnosis;
}

std::string all_text(const Diagnosis& d) {
  std::string text = d.verdict + "\n";
  for (const auto& r : d.reasons) text += "why: " + r + "\n";
  for (const auto& a : d.advice) text += "do: " + a + "\n";
  return text;
}

TEST(TraceSectionVerdicts, AnAllAccessOpenDeniedByAReadOnlyDaclSaysReadIsGranted) {
  const auto verdicts = judge_calls({open_call(mask::kFileMapAllAccess, 5, 0)}, {read_only_section()}, alice(), 65536, true);
  const auto& d = only_verdict(verdicts, 0);
  const auto text = all_text(d);
  EXPECT_NE(d.verdict.find("OpenFileMappingW(FILE_MAP_ALL_ACCESS, 'Local\\orders') returned 5 ERROR_ACCESS_DENIED"), std::string::npos) << text;
  EXPECT_NE(d.verdict.find("grants WORKGROUP\\alice FILE_MAP_READ only"), std::string::npos) << text;
  EXPECT_NE(text.find("D:(A;;GR;;;WD)"), std::string::npos) << text;
  ASSERT_FALSE(d.advice.empty());
  EXPECT_NE(d.advice[0].find("OpenFileMappingW(FILE_MAP_READ, FALSE, 'Local\\orders')"), std::string::npos) << text;
  EXPECT_NE(text.find("have the creator grant write"), std::string::npos) << text;
}

TEST(TraceSectionVerdicts, ACreateOrOpenOfAReadOnlySectionNamesTheCreatorsRightsAndTheReadOpen) {
  const auto verdicts = judge_calls({create_call(4096, 5, 0)}, {read_only_section()}, alice(), 65536, true);
  const auto& d = only_verdict(verdicts, 0);
  const auto text = all_text(d);
  EXPECT_NE(d.verdict.find("CreateFileMappingW(PAGE_READWRITE, 'Local\\orders') returned 5"), std::string::npos) << text;
  EXPECT_NE(text.find("the rights a creator needs"), std::string::npos) << text;
  EXPECT_NE(text.find("FILE_MAP_WRITE"), std::string::npos) << text;
  ASSERT_FALSE(d.advice.empty());
  EXPECT_NE(d.advice[0].find("open the existing section with OpenFileMappingW(FILE_MAP_READ"), std::string::npos) << text;
  EXPECT_NE(d.advice[0].find("create it only when that open fails with 2"), std::string::npos) << text;
}

TEST(TraceSectionVerdicts, ADenialTheDaclDoesNotExplainGoesToDiagnosesRules) {
  auto facts = read_only_section();
  facts.granted_here = mask::kFileMapAllAccess;
  const auto verdicts = judge_calls({open_call(mask::kFileMapRead, 5, 0)}, {facts}, alice(), 65536, true);
  const auto text = all_text(only_verdict(verdicts, 0));
  EXPECT_NE(text.find("the denial comes from elsewhere"), std::string::npos) << text;
}

TEST(TraceSectionVerdicts, AWriteViewOfAReadHandleNamesTheOpenThatMadeTheHandle) {
  const auto verdicts = judge_calls({open_call(mask::kFileMapRead, 0, 0x1a4), view_call(0x1a4, mask::kFileMapWrite, 0, 0, 5)}, {},
                                    alice(), 65536, true);
  const auto& d = only_verdict(verdicts, 1);
  const auto text = all_text(d);
  EXPECT_NE(text.find("the handle came from OpenFileMappingW(FILE_MAP_READ, 'Local\\orders')"), std::string::npos) << text;
  EXPECT_NE(text.find("needs a handle opened with FILE_MAP_WRITE"), std::string::npos) << text;
}

TEST(TraceSectionVerdicts, AViewPastTheSectionsEndSaysHowMuchFits) {
  const auto verdicts = judge_calls({create_call(4096, 0, 0x1a4), view_call(0x1a4, mask::kFileMapRead, 0, 65536, 5)}, {}, alice(), 65536, true);
  const auto text = all_text(only_verdict(verdicts, 1));
  EXPECT_NE(text.find("reaches past the end of the 4096-byte section"), std::string::npos) << text;
  EXPECT_NE(text.find("at most 4096 bytes"), std::string::npos) << text;
}

TEST(TraceSectionVerdicts, AMisalignedOffsetGivesTheAlignedOneAndTheRest) {
  const auto verdicts = judge_calls({create_call(131072, 0, 0x1a4), view_call(0x1a4, mask::kFileMapRead, 0x1234, 4096, 1132)}, {},
                                    alice(), 65536, true);
  const auto text = all_text(only_verdict(verdicts, 1));
  EXPECT_NE(text.find("not a multiple of the allocation granularity (65536"), std::string::npos) << text;
  EXPECT_NE(text.find("map from 0 and add 4660"), std::string::npos) << text;
}

TEST(TraceSectionVerdicts, ACreateThatFoundTheSectionSaysItsSizeIsNotTheCallers) {
  const auto verdicts = judge_calls({create_call(1 << 20, 183, 0x1a4)}, {read_only_section()}, alice(), 65536, true);
  const auto& d = only_verdict(verdicts, 0);
  EXPECT_TRUE(d.works);
  const auto text = all_text(d);
  EXPECT_NE(text.find("already existed"), std::string::npos) << text;
  EXPECT_NE(text.find("1048576-byte size"), std::string::npos) << text;
}

TEST(TraceSectionVerdicts, AnOpenAfterTheCreatorClosedItsLastHandleSaysTheSectionDied) {
  auto close = win_call("CloseHandle", "", 0, 1);
  close.handle = 0x1a4;
  close.t_ms = 12;
  auto created = create_call(4096, 0, 0x1a4);
  created.t_ms = 3;
  auto opened = open_call(mask::kFileMapRead, 2, 0);
  opened.t_ms = 20;
  TracedNameFacts gone;
  gone.name = "Local\\orders";
  gone.namespace_facts.namespace_read = true;
  const auto verdicts = judge_calls({created, close, opened}, {gone}, alice(), 65536, true);
  const auto& d = only_verdict(verdicts, 2);
  const auto text = all_text(d);
  ASSERT_FALSE(d.reasons.empty());
  EXPECT_NE(d.reasons[0].find("closed that handle at 12 ms"), std::string::npos) << text;
  EXPECT_NE(d.advice[0].find("keep the creator's handle"), std::string::npos) << text;
}

TEST(TraceSectionVerdicts, SuccessfulCallsThatSayNothingGetNoVerdict) {
  const auto verdicts = judge_calls({create_call(4096, 0, 0x1a4), view_call(0x1a4, mask::kFileMapWrite, 0, 0, 0)}, {}, alice(), 65536, true);
  EXPECT_TRUE(verdicts.empty());
}

}  // namespace
}  // namespace shmh
