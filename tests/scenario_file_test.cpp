// Scenario files: the parser's positions and messages, expectations per platform, and its keys
// against the JSON Schema's (copied next to this binary at build time).
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/platform/this_process.h"
#include "scenarios/file/build.h"
#include "scenarios/file/parse.h"

namespace shmh::scenario_file {
namespace {

const std::vector<std::string> kReserved{"create-open", "race"};

const char* kHead = R"([[scenario]]
id = "orders/x"
description = "d"

[[scenario.role]]
name = "service"

[[scenario.step]]
do = "create"
role = "service"
name = "orders"
)";

Parsed parse(const std::string& text) { return parse_text(text, "f.toml", kReserved); }

std::string first_problem(const Parsed& parsed) { return parsed.problems.empty() ? "" : parsed.problems[0].text(); }

TEST(ScenarioFileParse, AValidFileBecomesTheModel) {
  const auto parsed = parse(std::string(kHead) + "size = 256\nexpect = { windows = \"ERROR_ALREADY_EXISTS\", posix = \"EEXIST\" }\n");
  ASSERT_TRUE(parsed.problems.empty()) << first_problem(parsed);
  ASSERT_EQ(parsed.file.scenarios.size(), 1u);
  const auto& scenario = parsed.file.scenarios[0];
  EXPECT_EQ(scenario.id, "orders/x");
  ASSERT_EQ(scenario.steps.size(), 1u);
  const auto& create = std::get<CreateStep>(scenario.steps[0].action);
  EXPECT_EQ(create.size, 256u);
  EXPECT_EQ(create.name.name, "orders");
  ASSERT_TRUE(scenario.steps[0].expect);
  EXPECT_EQ(scenario.steps[0].expect->windows->symbol, "ERROR_ALREADY_EXISTS");
  EXPECT_EQ(scenario.steps[0].expect->posix->symbol, "EEXIST");
  EXPECT_EQ(scenario.steps[0].pos.line, 8u);
}

TEST(ScenarioFileParse, AnUnknownKeyIsNamedAtItsPositionWithTheNearestKey) {
  const auto parsed = parse(std::string(kHead) + "sise = 4096\n");
  EXPECT_EQ(first_problem(parsed), "f.toml:12:1: unknown key 'sise' in a create step; did you mean 'size'?");
}

TEST(ScenarioFileParse, WrongTypesAndRangesNameTheKeyAndValue) {
  EXPECT_EQ(first_problem(parse(std::string(kHead) + "size = \"4096\"\n")),
            "f.toml:12:8: key 'size' must be an integer, not a string");
  EXPECT_EQ(first_problem(parse(std::string(kHead) + "size = 0\n")),
            "f.toml:12:8: key 'size': 0 is out of range (1 .. 1099511627776)");
}

TEST(ScenarioFileParse, CodeSymbolsBelongToTheirPlatform) {
  EXPECT_NE(first_problem(parse(std::string(kHead) + "expect = { posix = \"ERROR_ALREADY_EXISTS\" }\n"))
                .find("'ERROR_ALREADY_EXISTS' is a Windows code, not a POSIX one"),
            std::string::npos);
  EXPECT_NE(first_problem(parse(std::string(kHead) + "expect = \"EEXISTS\"\n")).find("did you mean 'EEXIST'?"),
            std::string::npos);
  // A bare symbol of one platform needs a scenario of that platform.
  EXPECT_NE(first_problem(parse(std::string(kHead) + "expect = \"ERROR_ALREADY_EXISTS\"\n")).find("is a Windows code; write expect"),
            std::string::npos);
  std::string windows_only = kHead;
  windows_only.insert(windows_only.find("\n[[scenario.role]]"), "platforms = [\"windows\"]\n");
  EXPECT_TRUE(parse(windows_only + "expect = \"ERROR_ALREADY_EXISTS\"\n").problems.empty());
  const auto numeric = parse(std::string(kHead) + "expect = 183\n");
  ASSERT_TRUE(numeric.problems.empty()) << first_problem(numeric);
  EXPECT_EQ(numeric.file.scenarios[0].steps[0].expect->both->number, 183);
}

TEST(ScenarioFileParse, RolesMustBeDeclaredAndIdsMustNotUseTheCatalogueAreas) {
  std::string undeclared = kHead;
  undeclared.replace(undeclared.find("role = \"service\""), 16, "role = \"servce\"");
  EXPECT_NE(first_problem(parse(undeclared)).find("role 'servce' is not declared in [[scenario.role]]; did you mean 'service'?"),
            std::string::npos);
  std::string reserved = kHead;
  reserved.replace(reserved.find("orders/x"), 8, "race/x");
  EXPECT_NE(first_problem(parse(reserved)).find("f.toml:2:6: key 'id': area 'race' belongs to the built-in catalogue"),
            std::string::npos);
}

TEST(ScenarioFileParse, BadBytesEmptyAndHugeFilesAreOneLine) {
  EXPECT_EQ(first_problem(parse("[[scenario]]\nid = \"caf\xe9\"\n")), "f.toml:2:10: the file is not UTF-8 (byte 0xE9 at offset 22)");
  EXPECT_EQ(first_problem(parse("  \n")), "f.toml: the file is empty: it needs at least one [[scenario]] (docs/scenario-files.md)");
  const auto huge = parse(std::string(kMaxFileBytes + 1, '#'));
  ASSERT_EQ(huge.problems.size(), 1u);
  EXPECT_NE(huge.problems[0].text().find("larger than 1 MiB"), std::string::npos);
  const auto syntax = parse("[[scenario]\n");
  ASSERT_EQ(syntax.problems.size(), 1u);
  EXPECT_EQ(syntax.problems[0].text().rfind("f.toml:1:", 0), 0u) << syntax.problems[0].text();
}

// toml++ 3.3/3.4 assert (undefined behaviour with NDEBUG) on these headers: found by the fuzz target.
TEST(ScenarioFileParse, TableHeadersWithoutAKeyAreRefusedBeforeTomlPlusPlusSeesThem) {
  for (const char* text : {"[[[1]]]\n", "[&\n", "[[=\n", "a = 1\n[@[scenario.role]]\n"}) {
    const auto parsed = parse(text);
    ASSERT_EQ(parsed.problems.size(), 1u) << text;
    EXPECT_NE(parsed.problems[0].text().find(": TOML: a table header needs a key here"), std::string::npos) << text;
  }
  // toml++ 3.3 reaches TOML_UNREACHABLE on U+048D in a header (the fuzz target's second find).
  EXPECT_NE(first_problem(parse("[[scenario.ro\xd2\x8d]]\n")).find("f.toml:1:14: TOML: a character outside ASCII"), std::string::npos);
  EXPECT_EQ(first_problem(parse("[\"\xd2\x8d\"]\n")).find("outside ASCII"), std::string::npos);
  // Inside strings, comments and array values a '[' at the start of a line is no header.
  EXPECT_EQ(first_problem(parse("# [&\nt = \"\"\"\n[@\n\"\"\"\n")), "f.toml:2:1: unknown key 't' in the file (allowed: version, scenario)");
}

TEST(ScenarioFileParse, AStepKindThatTakesNoExpectationRejectsOne) {
  std::string hold = kHead;
  hold.replace(hold.find("do = \"create\""), 13, "do = \"hold\"");
  hold.replace(hold.find("name = \"orders\""), 15, "ms = 10");
  EXPECT_TRUE(parse(hold).problems.empty()) << first_problem(parse(hold));
  EXPECT_NE(first_problem(parse(hold + "expect = \"success\"\n")).find("unknown key 'expect' in a hold step"), std::string::npos);
}

TEST(ScenarioFileBuild, AFileScenarioCarriesItsAreaAndTheScenarioFileLabel) {
  const auto parsed = parse(kHead);
  ASSERT_TRUE(parsed.problems.empty());
  const auto scenario = build_scenario(parsed.file.scenarios[0], "f.toml");
  EXPECT_EQ(scenario.id, "orders/x");
  EXPECT_EQ(scenario.purpose, "d");
  EXPECT_EQ(scenario.labels, (std::vector<std::string>{"orders", "scenario-file"}));
  EXPECT_TRUE(static_cast<bool>(scenario.body));
}

// The schema (schemas/shm-harness-scenarios.schema.json) names the same keys for every step kind and
// the same identities as the parser: an editor never offers a key check-file refuses.
TEST(ScenarioFileSchema, StepKeysAndIdentitiesAgreeWithTheParser) {
  const auto here = std::filesystem::path(platform::self_executable_path()).parent_path();
  std::ifstream in(here / "shm-harness-scenarios.schema.json", std::ios::binary);
  ASSERT_TRUE(in) << "the schema was not copied next to the test binary";
  const auto schema = nlohmann::json::parse(in);
  const auto& defs = schema.at("$defs");
  std::set<std::string> kinds;
  for (const auto& kind : defs.at("step").at("properties").at("do").at("enum")) kinds.insert(kind.get<std::string>());
  const auto parser_kinds = step_kinds();
  EXPECT_EQ(kinds, (std::set<std::string>(parser_kinds.begin(), parser_kinds.end())));
  for (const auto kind : parser_kinds) {
    std::set<std::string> in_schema;
    for (const auto& [key, value] : defs.at("step_" + std::string(kind)).at("properties").items()) in_schema.insert(key);
    const auto keys = step_keys(kind);
    EXPECT_EQ(in_schema, (std::set<std::string>(keys.begin(), keys.end()))) << kind;
  }
  std::set<std::string> identities_in_schema;
  for (const auto& identity : defs.at("role").at("properties").at("identity").at("enum")) {
    identities_in_schema.insert(identity.get<std::string>());
  }
  const auto parser_identities = identities();
  EXPECT_EQ(identities_in_schema, (std::set<std::string>(parser_identities.begin(), parser_identities.end())));
}

}  // namespace
}  // namespace shmh::scenario_file
