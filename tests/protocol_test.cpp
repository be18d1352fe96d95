// The typed protocol's serialisation: every command survives the wire, every required field of a
// command or reply is enforced by name, and optional fields stay off the wire when absent.
#include <gtest/gtest.h>

#include <tuple>

#include "harness/protocol/commands.h"

namespace shmh {
namespace {

using nlohmann::json;

// One command of each type, every field (optional ones included) set to something other than
// its default, so a field the serialiser forgot shows up as a difference after the round trip.
const auto kSamples = std::make_tuple(
    cmd::Create{.name = "Local\\x", .size = 4096, .sddl = "D:", .mode = 0644u, .ansi = true, .large_pages = true, .slot = "s",
                .protection = "PAGE_READONLY|SEC_COMMIT"},
    cmd::Open{.name = "Local\\x", .access = "read", .slot = "s", .access_mask = "FILE_MAP_WRITE", .null_name = true},
    cmd::Map{.access = "write", .offset = 65536, .length = 4096, .slot = "s", .access_mask = "FILE_MAP_COPY"},
    cmd::Write{.text = "hello", .encoding = "utf16", .offset = 128, .slot = "s"},
    cmd::Read{.offset = 8, .length = 16, .encoding = "utf8", .slot = "s"}, cmd::Unmap{.slot = "s"}, cmd::Close{.slot = "s"},
    cmd::Unlink{.name = "Local\\x"}, cmd::Resize{.size = 8192, .slot = "s"}, cmd::CrashMidWrite{.text = "torn", .slot = "s"},
    cmd::Hello{}, cmd::Sleep{.ms = 25}, cmd::Exit{.code = 7},
    cmd::Emit{.text = "x", .repeat = 2, .newline = false, .then_exit = true, .exit_code = 3},
    cmd::AttachCoordination{.name = "Local\\coord"},
    cmd::Race{.name = "Local\\r", .size = 4096, .trial = 3, .roles = 8, .timeout_ms = 500},
    cmd::PollOpen{.name = "Local\\p", .flag = 2, .timeout_ms = 500, .slot = "s"}, cmd::HandleCount{},
    cmd::Cycle{.name = "Local\\c", .size = 65536, .count = 10}, cmd::CreateSync{.kind = "mutex", .name = "Local\\m"},
    cmd::Token{}, cmd::Security{.name = "Local\\x"},
    cmd::EnablePrivilege{.name = "SeLockMemoryPrivilege"}, cmd::PrivateNamespace{.boundary = "b", .alias = "a"},
    cmd::Pin{.core = 1}, cmd::RingAttach{.name = "Local\\ring", .slots = 4, .block = 65536, .create = true, .chunk = 16384},
    cmd::RingReset{.ring = "Local\\ring"},
    cmd::RingWrite{.ring = "Local\\ring", .count = 64, .mode = "spin", .verify = true, .trial = 5, .consume = "copy"},
    cmd::RingRead{.ring = "Local\\ring", .count = 64, .mode = "hybrid", .verify = false, .trial = 5, .consume = "in-place"},
    cmd::HandoffWrite{.ring = "Local\\handoff", .count = 64, .trial = 8},
    cmd::HandoffRead{.ring = "Local\\handoff", .count = 64, .trial = 8},
    cmd::Ping{.ring = "Local\\pp", .count = 100, .mode = "spin", .trial = 6},
    cmd::Pong{.ring = "Local\\pp", .count = 100, .mode = "blocking", .trial = 6},
    cmd::QueueAttach{.name = "Local\\q", .slots = 4, .block = 4096, .create = true},
    cmd::QueueSend{.name = "Local\\q", .count = 10, .trial = 7}, cmd::QueueReceive{.name = "Local\\q", .count = 10, .trial = 7},
    cmd::MemcpyBaseline{.block = 4096, .count = 100},
    cmd::CoreToCoreBaseline{.count = 1000, .cores = std::vector<unsigned>{0, 1}},
    cmd::SetupCost{.name = "Local\\setup", .size = 1 << 20},
    cmd::Duplicate{.access_mask = "0", .from = "a", .slot = "b"}, cmd::Commit{.offset = 4096, .length = 65536, .slot = "s"},
    cmd::Committed{.offset = 4096, .slot = "s"}, cmd::UnmapInside{.offset = 100, .slot = "s"}, cmd::UnmapNotAView{},
    cmd::PrivateStore{.size = 4 << 20}, cmd::Touch{.offset = 4096, .length = 8192, .slot = "s"});

template <typename C>
void expect_round_trip(const C& sample) {
  SCOPED_TRACE(std::string(C::op));
  const json line = wire::encode_command(sample);
  EXPECT_EQ(line.at("op"), std::string(C::op));
  EXPECT_EQ(wire::decode_command<C>(line), sample);
  // Without any one of its keys, a command either is refused naming that key (a required field)
  // or decodes as before with that field absent (an optional one).
  for (const auto& [key, value] : line.items()) {
    if (key == "op") continue;
    json without = line;
    without.erase(key);
    try {
      const C decoded = wire::decode_command<C>(without);
      EXPECT_NE(decoded, sample) << "'" << key << "' was dropped and nothing noticed";
      EXPECT_EQ(wire::encode_command(decoded), without) << "'" << key << "' is optional, the rest must stay";
    } catch (const wire::ProtocolError& error) {
      EXPECT_EQ(error.field(), key);
      EXPECT_EQ(std::string(error.what()), "field '" + key + "' is missing");
    }
  }
}

TEST(Protocol, EveryCommandSurvivesTheWireAndItsRequiredFieldsAreEnforced) {
  // Driven by the role's dispatch list: a command type without a sample does not compile.
  std::apply([](auto... command) { (expect_round_trip(std::get<decltype(command)>(kSamples)), ...); }, cmd::AllCommands{});
  expect_round_trip(std::get<cmd::Emit>(kSamples));
}

TEST(Protocol, OptionalFieldsAreLeftOffTheWireNotSentAsNull) {
  const json line = wire::encode_command(cmd::Map{.access = "read"});
  EXPECT_EQ(line, (json{{"op", "map"}, {"access", "read"}}));
  const json details = wire::encode_reply(cmd::RaceReply{.trial = 1, .created = true, .released_ns = 5, .create_ns = 6});
  EXPECT_FALSE(details.contains("arrival"));
  EXPECT_FALSE(details.contains("count_seen"));
  EXPECT_EQ(details.size(), 4u);
}

TEST(Protocol, AReplyMissingAFieldIsRejectedWithTheFieldsName) {
  try {
    wire::decode_reply<cmd::Map>(true, {{"offset", 0}, {"region_size", 4096}});
    FAIL() << "a map reply without its length was accepted";
  } catch (const wire::ProtocolError& error) {
    EXPECT_EQ(error.field(), "length");
  }
  try {
    wire::decode_reply<cmd::Ping>(true, {{"core", 1}, {"round_trip_ns", {{"p50", 1.0}, {"p90", 1.0}, {"p99", 1.0}, {"max", 2.0}, {"count", 3}}}});
    FAIL() << "percentiles without p999 were accepted";
  } catch (const wire::ProtocolError& error) {
    EXPECT_EQ(error.field(), "round_trip_ns.p999");
  }
  try {
    wire::decode_reply<cmd::Token>(true, {{"integrity_level", ""}, {"privileges", json::array()}, {"service", false}});
    FAIL() << "a token without its user was accepted";
  } catch (const wire::ProtocolError& error) {
    EXPECT_EQ(error.field(), "user");
  }
}

TEST(Protocol, AReplyFieldOfTheWrongTypeIsRejectedWithTheFieldsName) {
  try {
    wire::decode_reply<cmd::Read>(true, {{"text", 5}, {"encoding", "utf8"}, {"all_zero", false}, {"length", 1}});
    FAIL() << "a number was accepted as the text read";
  } catch (const wire::ProtocolError& error) {
    EXPECT_EQ(error.field(), "text");
    EXPECT_NE(std::string(error.what()).find("wrong type"), std::string::npos) << error.what();
  }
}

TEST(Protocol, DetailsThatComeOnlyWithSuccessAreAbsentOnFailureAndRequiredOnSuccess) {
  EXPECT_FALSE(wire::decode_reply<cmd::Create>(false, json::object()).has_value());
  EXPECT_THROW(wire::decode_reply<cmd::Create>(true, json::object()), wire::ProtocolError);
  const auto created = wire::decode_reply<cmd::Create>(true, {{"size", 4096}, {"already_existed", true}, {"t_ns", 9}});
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ(*created, (cmd::CreateReply{.size = 4096, .already_existed = true, .t_ns = 9}));
  // Details that always come are required even when the operation failed.
  EXPECT_THROW(wire::decode_reply<cmd::Resize>(false, json::object()), wire::ProtocolError);
}

TEST(Protocol, TheTokenReplyCarriesTheTokenBothWays) {
  platform::TokenInfo token;
  token.user = "alice";
  token.integrity_level = "Medium";
  token.session_id = 1;
  token.privileges = {{"SeCreateGlobalPrivilege", true}};
  const auto back = wire::decode_reply<cmd::Token>(true, wire::encode_reply(cmd::TokenReply{token}));
  EXPECT_EQ(back.token.user, "alice");
  EXPECT_EQ(back.token.integrity_level, "Medium");
  EXPECT_EQ(back.token.session_id, std::optional<std::uint32_t>(1));
  ASSERT_EQ(back.token.privileges.size(), 1u);
  EXPECT_EQ(back.token.privileges[0].name, "SeCreateGlobalPrivilege");
}

}  // namespace
}  // namespace shmh
