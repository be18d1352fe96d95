// From a failure to a test (issue 25 item 6): the writer's TOML, and the saved files of
// `diagnose --save-scenario` and `run --save-failures` run by the real binary.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "harness_runner.h"
#include "scenarios/file/load.h"
#include "scenarios/file/parse.h"
#include "scenarios/file/write.h"

namespace shmh::scenario_file {
namespace {

FileScenario two_step_scenario() {
  FileScenario sc;
  sc.id = "saved/orders";
  sc.description = "what diagnose saw";
  sc.platforms = {"windows"};
  sc.roles.push_back(Role{.name = "diagnose", .identity = "no-global-privilege"});
  Step open{.action = OpenStep{.name = {"Global\\orders", false}, .access = "read"}, .role = "diagnose"};
  open.expect = Expectation{.windows = ExpectedCode{"ERROR_FILE_NOT_FOUND", std::nullopt}};
  Step create{.action = CreateStep{.name = {"Global\\orders", false}, .size = 65536, .mode = 0640}, .role = "diagnose"};
  create.expect = Expectation{.windows = ExpectedCode{"", 5}};
  sc.steps = {open, create};
  return sc;
}

TEST(ScenarioWriter, WritesTheKeysInTheReferenceOrder) {
  ScenarioFile file;
  file.scenarios.push_back(two_step_scenario());
  Comments comments;
  comments.header = {"saved by diagnose", ""};
  comments.steps[{0, 1}] = "observed: CreateFileMappingW 5";
  EXPECT_EQ(write_text(file, comments, "x.json"),
            "#:schema x.json\n# saved by diagnose\n#\nversion = 1\n\n[[scenario]]\nid = 'saved/orders'\n"
            "description = 'what diagnose saw'\nplatforms = ['windows']\n\n[[scenario.role]]\nname = 'diagnose'\n"
            "identity = 'no-global-privilege'\n\n[[scenario.step]]\ndo = 'open'\nrole = 'diagnose'\n"
            "name = 'Global\\orders'\naccess = 'read'\nexpect = { windows = 'ERROR_FILE_NOT_FOUND' }\n\n"
            "# observed: CreateFileMappingW 5\n[[scenario.step]]\ndo = 'create'\nrole = 'diagnose'\n"
            "name = 'Global\\orders'\nsize = 65536\nmode = 0o640\nexpect = { windows = 5 }\n");
}

TEST(ScenarioWriter, EscapesWhatALiteralStringCannotHold) {
  EXPECT_EQ(toml_string("Local\\x"), "'Local\\x'");
  EXPECT_EQ(toml_string("it's"), "\"it's\"");
  EXPECT_EQ(toml_string("it's C:\\tmp\n\"q\""), "\"it's C:\\\\tmp\\n\\\"q\\\"\"");
  EXPECT_EQ(toml_string(std::string("a\x01" "b", 3)), "\"a\\u0001b\"");
  EXPECT_EQ(toml_string("caf\xc3\xa9"), "'caf\xc3\xa9'");
  EXPECT_EQ(toml_string("bad\xff'"), "\"bad\\uFFFD'\"");
}

TEST(ScenarioWriter, IdsAndNamesAreMadeValid) {
  EXPECT_EQ(saved_id("saved", "create-open/second-open"), "saved/create-open/second-open");
  EXPECT_EQ(saved_id("Saved", "Weird Id//x/"), "saved/weird-id/x");
  EXPECT_EQ(unique_name_from("Global\\My Orders"), "Global\\My-Orders");
  EXPECT_EQ(unique_name_from("/orders"), "orders");
  EXPECT_EQ(unique_name_from(std::string(100, 'a')).size(), 64u);
}

// What the writer writes, the parser reads back as the same model: every step kind, both
// expectation forms, escapes.
TEST(ScenarioWriter, ParsesBackToTheSameModel) {
  ScenarioFile file;
  FileScenario sc = two_step_scenario();
  std::get<CreateStep>(sc.steps[1].action).mode.reset();  // POSIX's key, in a Windows-only scenario
  sc.labels = {"orders", "saved"};
  sc.timeout_ms = 20000;
  sc.roles.push_back(Role{.name = "viewer"});
  Step map;
  map.role = "viewer";
  map.action = MapStep{.access = "read", .offset = 0, .size = 256, .slot = "v"};
  Step write;
  write.role = "viewer";
  write.action = WriteStep{.text = "it's \"quoted\"\n\ttabbed C:\\x", .offset = 8, .encoding = "utf16", .slot = std::nullopt};
  Step read;
  read.role = "viewer";
  read.action = ReadStep{.offset = 8, .length = 64, .encoding = "utf16", .slot = std::nullopt, .expect_text = "caf\xc3\xa9"};
  read.skip_when = SkipWhen{.result = Expectation{.windows = ExpectedCode{"ERROR_ACCESS_DENIED", std::nullopt}}, .reason = "not 'enforced'"};
  Step hold;
  hold.role = "viewer";
  hold.action = HoldStep{.ms = 10};
  Step unmap;
  unmap.role = "viewer";
  unmap.action = UnmapStep{.slot = "v"};
  Step close;
  close.role = "viewer";
  close.action = CloseStep{};
  Step exit;
  exit.role = "viewer";
  exit.action = ExitStep{};
  sc.steps.insert(sc.steps.end(), {map, write, read, hold, unmap, close, exit});
  file.scenarios.push_back(sc);

  FileScenario race_sc;
  race_sc.id = "saved/race";
  race_sc.description = "one creator";
  race_sc.roles.push_back(Role{.name = "r"});
  Step race;
  race.action = RaceStep{.roles = {}, .racers = 4, .trials = 5, .size = 4096, .name = "race", .created = 1, .existed = 3, .other = 0};
  Step crash;
  crash.role = "r";
  crash.action = CrashStep{.mid_write = "half"};
  Step create;
  create.role = "r";
  create.action = CreateStep{.name = {"Local\\exact name", true}, .size = 1, .protection = "PAGE_READONLY", .sddl = std::nullopt,
                             .mode = std::nullopt, .or_open = true, .ansi = std::nullopt, .slot = "s"};
  create.expect = Expectation{.both = ExpectedCode{"", 183}, .windows = std::nullopt, .posix = std::nullopt};
  race_sc.steps = {create, race, crash};
  file.scenarios.push_back(race_sc);

  const std::string text = write_text(file);
  const auto parsed = parse_text(text, "written.toml", reserved_areas());
  ASSERT_TRUE(parsed.problems.empty()) << parsed.problems.front().text() << "\n" << text;
  EXPECT_EQ(parsed.file, file) << text;
}

// The real binary, in a scratch folder of its own.
class SavedScenarioCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("shmh-save-" + std::to_string(platform::current_process_id()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  static std::string read(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static void write(const std::string& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
  // Short enough to stay per-run unique when saved (a tail of at most 64 characters).
  std::string name() const {
    return "Local\\save-test-" + std::to_string(platform::current_process_id()) + "-" +
           std::to_string(::testing::UnitTest::GetInstance()->current_test_info()->line());
  }
  std::filesystem::path dir_;
};

// The done-when of issue 25 item 6: a scenario saved by diagnose passes where it was saved, and
// fails (exit 1, expected against observed) once an expectation no longer holds.
TEST_F(SavedScenarioCli, DiagnoseSaveScenarioReplaysAndCatchesAChange) {
  using shmh::testing::run_harness;
  const std::string file = path("diagnosed.toml");
  const auto diagnosed = run_harness({"diagnose", "--name", name(), "--access", "write", "--save-scenario", file});
  ASSERT_TRUE(diagnosed.status);
  // Nothing holds the name: diagnose's own verdict (0 when this process could create it, 1 when
  // not) is its exit code; the file is saved either way.
  EXPECT_LT(diagnosed.status->code, 2) << diagnosed.out << diagnosed.err;
  EXPECT_NE(diagnosed.out.find("saved:"), std::string::npos) << diagnosed.out << diagnosed.err;
  const std::string text = read(file);
  ASSERT_FALSE(text.empty()) << diagnosed.out << diagnosed.err;
  EXPECT_EQ(text.rfind("#:schema ", 0), 0u) << text;
  const bool windows = shmh::testing::on_windows();
  const std::string not_found = windows ? "ERROR_FILE_NOT_FOUND" : "ENOENT";
  EXPECT_NE(text.find("expect = { " + std::string(windows ? "windows" : "posix") + " = '" + not_found + "' }"), std::string::npos) << text;
  EXPECT_NE(text.find(std::string("platforms = ['") + (windows ? "windows" : "posix") + "']"), std::string::npos) << text;

  const auto checked = run_harness({"check-file", file});
  ASSERT_TRUE(checked.status);
  EXPECT_EQ(checked.status->code, 0) << checked.out << checked.err << text;
  const auto replay = run_harness({"run", "--file", file, "--report-dir", path("r1")});
  ASSERT_TRUE(replay.status);
  EXPECT_EQ(replay.status->code, 0) << replay.out << replay.err << text;
  EXPECT_NE(replay.out.find("[passed ] saved/diagnose/"), std::string::npos) << replay.out;

  // The behaviour "changes": the open is now expected to be refused for access instead.
  std::string changed = text;
  const std::string denied = windows ? "ERROR_ACCESS_DENIED" : "EACCES";
  changed.replace(changed.find("'" + not_found + "'"), not_found.size() + 2, "'" + denied + "'");
  write(file, changed);
  const auto failed = run_harness({"run", "--file", file, "--report-dir", path("r2")});
  ASSERT_TRUE(failed.status);
  EXPECT_EQ(failed.status->code, 1) << failed.out << failed.err;
  EXPECT_NE(failed.out.find("expected " + denied + ", observed"), std::string::npos) << failed.out;
}

TEST_F(SavedScenarioCli, AnUnwritableFileIsOneLineAndExit2) {
  using shmh::testing::run_harness;
  const std::string file = path("no-such-folder/x.toml");
  const auto run = run_harness({"diagnose", "--name", name(), "--save-scenario", file});
  ASSERT_TRUE(run.status);
  EXPECT_EQ(run.status->code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("cannot write '" + file + "'"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty()) << "diagnose ran before the path was checked: " << run.out;
  EXPECT_FALSE(std::filesystem::exists(file));
}

// run --save-failures: a failing file scenario comes back as a file that passes here.
TEST_F(SavedScenarioCli, SaveFailuresWritesAFailingFileScenarioThatPassesHere) {
  using shmh::testing::run_harness;
  const std::string contract = path("contract.toml");
  write(contract, R"toml(version = 1
[[scenario]]
id = "orders/open-before-create"
description = "expects the name to be there already (it is not)"
[[scenario.role]]
name = "viewer"
[[scenario.step]]
do = "open"
role = "viewer"
name = "orders"
access = "read"
[[scenario.step]]
do = "map"
role = "viewer"
)toml");
  const std::string saved_dir = path("saved");
  const auto run = run_harness({"run", "--file", contract, "--report-dir", path("r1"), "--save-failures", saved_dir});
  ASSERT_TRUE(run.status);
  EXPECT_EQ(run.status->code, 1) << run.out << run.err;
  const std::string saved = (std::filesystem::path(saved_dir) / "orders_open-before-create.toml").string();
  EXPECT_NE(run.out.find("saved: orders/open-before-create -> "), std::string::npos) << run.out << run.err;
  const std::string text = read(saved);
  ASSERT_FALSE(text.empty()) << run.out << run.err;
  EXPECT_EQ(text.find("do = 'map'"), std::string::npos) << "the step after the failure did not run: " << text;
  const auto replay = run_harness({"run", "--file", saved, "--report-dir", path("r2")});
  ASSERT_TRUE(replay.status);
  EXPECT_EQ(replay.status->code, 0) << replay.out << replay.err << text;
}

}  // namespace
}  // namespace shmh::scenario_file
