// The open styles: what each one asks the OS for (mask, protection, view size and offset), and
// the explanation chosen on recorded attempts, not on a live system.
#include <gtest/gtest.h>

#include "harness/cli/open_style_diagnosis.h"
#include "harness/platform/mask_names.h"
#include "harness/platform/open_styles.h"

namespace shmh {
namespace {

using namespace platform::mask;
using platform::HandleCall;
using platform::OpenStyle;
using platform::plan_open;

constexpr std::uint64_t kGranularity = 65536;
bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
std::string joined(const std::vector<std::string>& lines) {
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  return all;
}

TEST(OpenStyles, EveryNameFindsItsOwnStyleAndUnknownNamesNone) {
  for (const auto& spec : platform::open_styles()) {
    EXPECT_EQ(platform::find_open_style(spec.name), spec.style) << spec.name;
    EXPECT_EQ(&platform::open_style_spec(spec.style), &spec) << spec.name;
    if (!spec.library.empty()) {
      EXPECT_FALSE(spec.source.empty()) << spec.name << " must say where its calls were read";
    }
  }
  EXPECT_FALSE(platform::find_open_style("Open"));
  EXPECT_FALSE(platform::find_open_style("boost"));
  EXPECT_TRUE(mentions(platform::open_style_names(), "create-or-open, boost-open-only"));
}

TEST(OpenStyles, OpenUsesTheAskedMaskForHandleAndViewAndMapsTheWholeSection) {
  const auto plan = plan_open(OpenStyle::open, {.access = kFileMapRead}, kGranularity);
  EXPECT_EQ(plan.call, HandleCall::open_mapping);
  EXPECT_EQ(plan.access, kFileMapRead);
  EXPECT_EQ(plan.view_access, kFileMapRead);
  EXPECT_EQ(plan.view_size, 0u);
  EXPECT_EQ(plan.posix_flags, "O_RDONLY");
  EXPECT_EQ(plan_open(OpenStyle::open, {.access = kFileMapRead | kFileMapWrite}, kGranularity).posix_flags, "O_RDWR");
}

TEST(OpenStyles, CreateOrOpenAsksReadWriteProtectionForTheCallersSize) {
  const auto plan = plan_open(OpenStyle::create_or_open, {.size = 256}, kGranularity);
  EXPECT_EQ(plan.call, HandleCall::create_mapping);
  EXPECT_EQ(plan.protection, kPageReadWrite);
  EXPECT_EQ(plan.size, 256u);
  EXPECT_EQ(plan.view_size, 256u);
  EXPECT_EQ(plan.view_access, kFileMapRead | kFileMapWrite);
  EXPECT_EQ(plan.posix_flags, "O_RDWR|O_CREAT (no O_EXCL), mode 0600");
  const auto read_only = plan_open(OpenStyle::create_or_open, {.protection = kPageReadOnly}, kGranularity);
  EXPECT_EQ(read_only.view_access, kFileMapRead);
  EXPECT_TRUE(mentions(read_only.posix_flags, "O_RDONLY|O_CREAT"));
}

TEST(OpenStyles, BoostOpenOnlyAsksWriteAndSectionQueryAndMapsWrite) {
  const auto plan = plan_open(OpenStyle::boost_open_only, {.access = kFileMapRead}, kGranularity);  // --access is ignored
  EXPECT_EQ(plan.call, HandleCall::open_mapping);
  EXPECT_EQ(plan.access, kFileMapWrite | 0x1u);
  EXPECT_EQ(plan.view_access, kFileMapWrite);
  EXPECT_EQ(plan.view_size, 0u);
}

TEST(OpenStyles, BoostOpenOrCreateIsCreateFileMappingReadWrite) {
  const auto plan = plan_open(OpenStyle::boost_open_or_create, {.size = 8192}, kGranularity);
  EXPECT_EQ(plan.call, HandleCall::create_mapping);
  EXPECT_EQ(plan.protection, kPageReadWrite);
  EXPECT_EQ(plan.size, 8192u);
  EXPECT_EQ(plan.view_access, kFileMapWrite);
  EXPECT_EQ(plan.view_size, 0u);
}

TEST(OpenStyles, QtOpensWithAllAccessEvenForAReadOnlyAttach) {
  const auto read_only = plan_open(OpenStyle::qt_attach_readonly, {}, kGranularity);
  EXPECT_EQ(read_only.access, kFileMapAllAccess);
  EXPECT_EQ(read_only.view_access, kFileMapRead);
  const auto read_write = plan_open(OpenStyle::qt_attach_readwrite, {}, kGranularity);
  EXPECT_EQ(read_write.access, kFileMapAllAccess);
  EXPECT_EQ(read_write.view_access, kFileMapAllAccess);
  EXPECT_EQ(read_write.view_size, 0u);
}

TEST(OpenStyles, DotnetOpenExistingAsksReadWriteAndRoundsTheOffsetItself) {
  const auto plan = plan_open(OpenStyle::dotnet_open_existing, {.view_size = 100, .view_offset = 70000}, kGranularity);
  EXPECT_EQ(plan.access, kFileMapRead | kFileMapWrite);
  EXPECT_EQ(plan.view_access, kFileMapRead | kFileMapWrite);
  EXPECT_EQ(plan.view_offset, 65536u);
  EXPECT_EQ(plan.view_size, 100u + (70000u - 65536u));
}

TEST(OpenStyles, DotnetCreateOrOpenFallsBackToAReadWriteOpenAfterADenial) {
  const auto plan = plan_open(OpenStyle::dotnet_create_or_open, {.size = 4096}, kGranularity);
  EXPECT_EQ(plan.call, HandleCall::create_mapping);
  EXPECT_EQ(plan.protection, kPageReadWrite);
  ASSERT_TRUE(plan.open_after_denied);
  EXPECT_EQ(*plan.open_after_denied, kFileMapRead | kFileMapWrite);
}

TEST(OpenStyles, PythonTagnameCreatesOffsetPlusLengthAndMapsLengthWithWrite) {
  const auto plan = plan_open(OpenStyle::python_mmap_tagname, {.view_size = 1000, .view_offset = 65536, .size = 4096}, kGranularity);
  EXPECT_EQ(plan.protection, kPageReadWrite);
  EXPECT_EQ(plan.view_access, kFileMapWrite);
  EXPECT_EQ(plan.size, 65536u + 1000u);
  EXPECT_EQ(plan.view_size, 1000u);
  EXPECT_EQ(plan.view_offset, 65536u);  // not rounded: Python passes it as it is
  EXPECT_EQ(plan_open(OpenStyle::python_mmap_tagname, {.size = 4096}, kGranularity).view_size, 4096u);
}

// --- the explanation, on recorded attempts ------------------------------------------------

StyleStep step(std::string call, bool ok, std::uint32_t code = 0, std::string symbol = "") {
  return StyleStep{.call = std::move(call), .ok = ok, .code = code, .symbol = std::move(symbol)};
}

// A section whose DACL grants Everyone read only, as Windows and Wine answer for it.
OpenStyleFacts read_only_section(OpenStyle style) {
  OpenStyleFacts f;
  f.name = "Local\\orders";
  f.object_kind = "section";
  f.descriptor = "D:(A;;GR;;;WD)";
  f.user = "alice";
  f.plan = plan_open(style, {}, kGranularity);
  f.read_open = {"open --access read", {step("OpenFileMappingW", true), step("MapViewOfFile", true)}};
  f.write_open = {"open --access write", {step("OpenFileMappingW", false, 5, "ERROR_ACCESS_DENIED")}};
  return f;
}

TEST(OpenStyleDiagnosis, CreateOrOpenOnAReadOnlyDaclNamesTheReadOpen) {
  auto f = read_only_section(OpenStyle::create_or_open);
  f.asked = {"create-or-open", {step("CreateFileMappingW", false, 5, "ERROR_ACCESS_DENIED")}};
  f.asked.steps[0].protection = kPageReadWrite;
  const auto d = explain_open_style(f);
  EXPECT_FALSE(d.works);
  EXPECT_TRUE(mentions(d.verdict, "CreateFileMappingW fails with 5 ERROR_ACCESS_DENIED")) << d.verdict;
  EXPECT_TRUE(mentions(joined(d.reasons), "asks for write access to an existing section")) << joined(d.reasons);
  EXPECT_TRUE(mentions(joined(d.advice), "OpenFileMappingW(FILE_MAP_READ) would succeed")) << joined(d.advice);
  EXPECT_TRUE(mentions(joined(d.advice), "open with FILE_MAP_READ instead")) << joined(d.advice);
}

TEST(OpenStyleDiagnosis, PosixCreateOrOpenNamesTheReadOnlyShmOpen) {
  auto f = read_only_section(OpenStyle::create_or_open);
  f.windows = false;
  f.descriptor = "0644";
  f.asked = {"create-or-open", {step("shm_open", false, 13, "EACCES")}};
  f.asked.steps[0].protection = kPageReadWrite;
  f.read_open = {"open --access read", {step("shm_open", true), step("mmap", true)}};
  f.write_open = {"open --access write", {step("shm_open", false, 13, "EACCES")}};
  const auto d = explain_open_style(f);
  EXPECT_TRUE(mentions(joined(d.reasons), "shm_open(O_RDWR|O_CREAT")) << joined(d.reasons);
  EXPECT_TRUE(mentions(joined(d.advice), "shm_open(O_RDONLY) would succeed")) << joined(d.advice);
}

TEST(OpenStyleDiagnosis, ReadOpenThatWorksIsAWorkingStyle) {
  auto f = read_only_section(OpenStyle::open);
  f.asked = f.read_open;
  const auto d = explain_open_style(f);
  EXPECT_TRUE(d.works);
  EXPECT_TRUE(d.advice.empty());
}

TEST(OpenStyleDiagnosis, BoostOpenOnlyIsToldToAskForRead) {
  auto f = read_only_section(OpenStyle::boost_open_only);
  f.asked = {"boost-open-only", {step("OpenFileMappingW", false, 5, "ERROR_ACCESS_DENIED")}};
  f.asked.steps[0].access = f.plan.access;
  const auto d = explain_open_style(f);
  EXPECT_TRUE(mentions(joined(d.reasons), "Boost.Interprocess (boost-open-only) opens with SECTION_QUERY|FILE_MAP_WRITE"))
      << joined(d.reasons);
  EXPECT_TRUE(mentions(joined(d.advice), "ask for no more than read")) << joined(d.advice);
}

TEST(OpenStyleDiagnosis, QtReadOnlyAttachIsExplainedByItsAllAccessOpen) {
  auto f = read_only_section(OpenStyle::qt_attach_readonly);
  f.asked = {"qt-attach-readonly", {step("OpenFileMappingW", false, 5, "ERROR_ACCESS_DENIED")}};
  f.asked.steps[0].access = kFileMapAllAccess;
  const auto d = explain_open_style(f);
  EXPECT_TRUE(mentions(joined(d.reasons), "FILE_MAP_ALL_ACCESS")) << joined(d.reasons);
  EXPECT_TRUE(mentions(joined(d.advice), "QSharedMemory opens with FILE_MAP_ALL_ACCESS even for attach(ReadOnly)")) << joined(d.advice);
}

TEST(OpenStyleDiagnosis, QtReadWriteAttachGetsTheSameQtAdvice) {
  auto f = read_only_section(OpenStyle::qt_attach_readwrite);
  f.asked = {"qt-attach-readwrite", {step("OpenFileMappingW", false, 5, "ERROR_ACCESS_DENIED")}};
  f.asked.steps[0].access = kFileMapAllAccess;
  EXPECT_TRUE(mentions(joined(explain_open_style(f).advice), "QSharedMemory opens with FILE_MAP_ALL_ACCESS"));
}

TEST(OpenStyleDiagnosis, DotnetExistingGetsTheReadOpen) {
  auto f = read_only_section(OpenStyle::dotnet_open_existing);
  f.asked = {"dotnet-open-existing", {step("OpenFileMappingW", false, 5, "ERROR_ACCESS_DENIED")}};
  f.asked.steps[0].access = kFileMapRead | kFileMapWrite;
  const auto d = explain_open_style(f);
  EXPECT_TRUE(mentions(joined(d.advice), "OpenFileMappingW(FILE_MAP_READ) would succeed")) << joined(d.advice);
}

TEST(OpenStyleDiagnosis, DotnetCreateOrOpenSaysItsFallbackOpenWasDeniedToo) {
  auto f = read_only_section(OpenStyle::dotnet_create_or_open);
  f.asked = {"dotnet-create-or-open",
             {step("CreateFileMappingW", false, 5, "ERROR_ACCESS_DENIED"), step("OpenFileMappingW", false, 5, "ERROR_ACCESS_DENIED")}};
  f.asked.steps[0].protection = kPageReadWrite;
  // The run ended at the fallback open, which is not a create: the reason names the mask it asked.
  f.asked.steps[1].access = kFileMapRead | kFileMapWrite;
  const auto d = explain_open_style(f);
  EXPECT_TRUE(mentions(joined(d.reasons), ".NET MemoryMappedFile (dotnet-create-or-open) asks for write access to an existing section"))
      << joined(d.reasons);
  EXPECT_TRUE(mentions(joined(d.reasons), "after the 5 it falls back to OpenFileMappingW(FILE_MAP_WRITE|FILE_MAP_READ)"))
      << joined(d.reasons);
  EXPECT_TRUE(mentions(joined(d.advice), "OpenFileMappingW(FILE_MAP_READ) would succeed")) << joined(d.advice);
}

TEST(OpenStyleDiagnosis, PythonTagnameIsACreateOrOpen) {
  auto f = read_only_section(OpenStyle::python_mmap_tagname);
  f.asked = {"python-mmap-tagname", {step("CreateFileMappingW", false, 5, "ERROR_ACCESS_DENIED")}};
  f.asked.steps[0].protection = kPageReadWrite;
  const auto d = explain_open_style(f);
  EXPECT_TRUE(mentions(joined(d.reasons), "Python mmap (python-mmap-tagname) asks for write access")) << joined(d.reasons);
  EXPECT_TRUE(mentions(joined(d.advice), "open with FILE_MAP_READ instead")) << joined(d.advice);
}

TEST(OpenStyleDiagnosis, AnUnalignedOffsetIsNamedWithTheGranularity) {
  auto f = read_only_section(OpenStyle::open);
  StyleStep view = step("MapViewOfFile", false, 1132, "ERROR_MAPPED_ALIGNMENT");
  view.offset = 4096;
  f.asked = {"open", {step("OpenFileMappingW", true), view}};
  const auto d = explain_open_style(f);
  EXPECT_TRUE(mentions(joined(d.reasons), "offset 4096 is not a multiple of the allocation granularity (65536)")) << joined(d.reasons);
  EXPECT_TRUE(mentions(joined(d.advice), "map from 0 and add 4096")) << joined(d.advice);
}

TEST(OpenStyleDiagnosis, AViewLargerThanTheSectionIsNamed) {
  auto f = read_only_section(OpenStyle::open);
  StyleStep view = step("MapViewOfFile", false, 5, "ERROR_ACCESS_DENIED");
  view.size = 1 << 20;
  view.access = kFileMapRead;
  f.asked = {"open", {step("OpenFileMappingW", true), view}};
  const auto d = explain_open_style(f);
  EXPECT_TRUE(mentions(joined(d.reasons), "reaches past the end of the section (MapViewOfFile gives 5 for that): the handle holds"))
      << joined(d.reasons);
  EXPECT_TRUE(mentions(joined(d.advice), "--view-size 0")) << joined(d.advice);
}

TEST(OpenStyleDiagnosis, APosixViewPastTheEndIsMappedButWarnsOfSigbus) {
  auto f = read_only_section(OpenStyle::open);
  f.windows = false;
  StyleStep view = step("mmap", true);
  view.size = 8192;
  f.asked = {"open", {step("shm_open", true), view}};
  f.asked.object_size = 4096;
  const auto d = explain_open_style(f);
  EXPECT_TRUE(d.works);
  EXPECT_TRUE(mentions(joined(d.reasons), "past the object's 4096 bytes: touching a page past the end raises SIGBUS")) << joined(d.reasons);
}

TEST(OpenStyleDiagnosis, NothingGrantedAsksTheCreatorForARead) {
  auto f = read_only_section(OpenStyle::open);
  f.descriptor = "D:";
  f.read_open = {"open --access read", {step("OpenFileMappingW", false, 5, "ERROR_ACCESS_DENIED")}};
  f.asked = f.read_open;
  f.asked.steps[0].access = kFileMapRead;
  const auto d = explain_open_style(f);
  EXPECT_TRUE(mentions(joined(d.reasons), "no plain open works")) << joined(d.reasons);
  EXPECT_TRUE(mentions(joined(d.advice), "D:(A;;GR;;;AU)")) << joined(d.advice);
}

TEST(OpenStyleDiagnosis, JsonCarriesStyleAttemptsMasksAndVerdict) {
  auto f = read_only_section(OpenStyle::create_or_open);
  f.asked = {"create-or-open", {step("CreateFileMappingW", false, 5, "ERROR_ACCESS_DENIED")}};
  f.asked.steps[0].protection = kPageReadWrite;
  f.read_open.steps[0].access = kFileMapRead;
  const auto j = open_style_to_json(f, explain_open_style(f));
  EXPECT_EQ(j["style"], "create-or-open");
  ASSERT_EQ(j["attempts"].size(), 3u);
  EXPECT_EQ(j["attempts"][0]["steps"][0]["call"], "CreateFileMappingW");
  EXPECT_EQ(j["attempts"][0]["steps"][0]["protection"], "PAGE_READWRITE");
  EXPECT_EQ(j["attempts"][0]["steps"][0]["code"], 5);
  EXPECT_EQ(j["attempts"][0]["steps"][0]["symbol"], "ERROR_ACCESS_DENIED");
  EXPECT_EQ(j["attempts"][1]["steps"][0]["access"], "FILE_MAP_READ");
  EXPECT_EQ(j["attempts"][1]["works"], true);
  EXPECT_EQ(j["works"], false);
  EXPECT_FALSE(j["advice"].empty());
}

}  // namespace
}  // namespace shmh
