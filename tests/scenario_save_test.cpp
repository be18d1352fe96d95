// From a failure to a test (issue 25 item 6): the writer's TOML, and the saved files of
// `diagnose --save-scenario` and `run --save-failures` run by the real binary.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace shmh::scenario_file
