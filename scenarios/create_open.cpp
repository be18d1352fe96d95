// Create / open scenarios: the classic sample, second creates, missing names, the sample's
// missing synchronisation, and a writer that restarts.
#include "catalogue.h"
#include "steps.h"

namespace shmh::scenarios {
namespace {

void classic_sample(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("classic");
  RoleProcess& first = ctx.start_role("first");
  RoleProcess& second = ctx.start_role("second");
  ctx.expect_clean_success(create_and_write(ctx, first, name, kSampleSize, kSampleMessage),
                           "the first create of a fresh name");
  const std::string text = open_and_read(ctx, second, name);
  ctx.check(text == kSampleMessage, "second read \"" + text + "\", not \"" + kSampleMessage + "\"");
  ctx.note("second read \"" + text + "\"");
}

void classic_sample_utf16(ScenarioContext& ctx) {
  // A UNICODE build of the sample writes WCHARs; second must read them without being told.
  const std::string name = ctx.object_name("wide");
  RoleProcess& first = ctx.start_role("first");
  RoleProcess& second = ctx.start_role("second");
  ctx.require(ctx.call(first, {{"op", "create"}, {"name", name}, {"size", kSampleSize}}).ok, "first could not create");
  ctx.call(first, {{"op", "map"}, {"access", "write"}});
  ctx.call(first, {{"op", "write"}, {"text", kSampleMessage}, {"encoding", "utf16"}});
  ctx.require(ctx.call(second, {{"op", "open"}, {"name", name}, {"access", "read"}}).ok, "second could not open");
  ctx.call(second, {{"op", "map"}, {"access", "read"}});
  const auto read = ctx.call(second, {{"op", "read"}});
  const std::string text = read.details.value("text", "");
  ctx.check(text == kSampleMessage, "second read \"" + text + "\" from UTF-16, not \"" + kSampleMessage + "\"");
  ctx.check(read.details.value("encoding", "") == "utf16", "the encoding was guessed as " + read.details.value("encoding", ""));
  ctx.note("second read \"" + text + "\" as " + read.details.value("encoding", ""));
}

void second_create(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("twice");
  RoleProcess& first = ctx.start_role("first");
  RoleProcess& second = ctx.start_role("second");
  create_and_write(ctx, first, name, kSampleSize, "written by first");

  const auto again = ctx.call(second, {{"op", "create"}, {"name", name}, {"size", kSampleSize}});
  ctx.expect_code(again, expected(ctx, "ERROR_ALREADY_EXISTS", "EEXIST"), "a second create of the same name");
  if (ctx.on_windows()) {
    // CreateFileMapping hands back a handle to the existing section and says so with 183.
    ctx.require(again.ok, "the second create returned no handle: " + describe(again));
  } else {
    // shm_open with O_CREAT | O_EXCL refuses; the second process then opens the existing object.
    const auto opened = ctx.call(second, {{"op", "open"}, {"name", name}, {"access", "write"}});
    ctx.require(opened.ok, "second could not open the existing object: " + describe(opened));
  }
  ctx.require(ctx.call(second, {{"op", "map"}, {"access", "write"}}).ok, "second could not map its view");
  const std::string seen = read_text(ctx, second);
  ctx.check(seen == "written by first", "second does not see first's memory: it read \"" + seen + "\"");
  ctx.call(second, {{"op", "write"}, {"text", "written by second"}, {"offset", 128}});
  const std::string back = read_text(ctx, first, 128);
  ctx.check(back == "written by second", "first does not see second's write: it read \"" + back + "\"");
  ctx.note("second create: " + describe(again) + "; both see one object");
}

void second_create_larger(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("larger");
  RoleProcess& first = ctx.start_role("first");
  RoleProcess& second = ctx.start_role("second");
  constexpr std::uint64_t kFirstSize = 4096;
  constexpr std::uint64_t kLargerSize = 256 * 1024;
  create_and_write(ctx, first, name, kFirstSize, "first's size");

  const auto again = ctx.call(second, {{"op", "create"}, {"name", name}, {"size", kLargerSize}});
  ctx.expect_code(again, expected(ctx, "ERROR_ALREADY_EXISTS", "EEXIST"), "a second create asking a larger size");
  if (ctx.on_windows()) {
    ctx.require(again.ok, "the second create returned no handle: " + describe(again));
    const auto mapped = ctx.call(second, {{"op", "map"}, {"access", "read"}});
    const auto region = mapped.details.value("region_size", std::uint64_t{0});
    // The section keeps the first size, rounded up to whole pages; the larger request is ignored.
    ctx.check(mapped.ok && region < kLargerSize,
              "the section grew to the second size: a whole view is " + std::to_string(region) + " bytes");
    ctx.metrics()["size_seen_by_second"] = region;
    ctx.note("183, and a whole view is " + std::to_string(region) + " bytes: the first size (page-rounded) stays");
    return;
  }
  // POSIX: the object exists (EEXIST); whoever opens it may grow it with ftruncate.
  ctx.require(ctx.call(second, {{"op", "open"}, {"name", name}, {"access", "write"}}).ok, "second could not open");
  const auto grown = ctx.call(second, {{"op", "resize"}, {"size", kLargerSize}});
  ctx.expect_clean_success(grown, "ftruncate to the larger size");
  const auto mapped = ctx.call(second, {{"op", "map"}, {"access", "read"}});
  const auto length = mapped.details.value("length", std::uint64_t{0});
  ctx.check(length == kLargerSize, "after ftruncate the object is " + std::to_string(length) + " bytes");
  ctx.check(read_text(ctx, second) == "first's size", "growing the object lost its contents");
  ctx.metrics()["size_seen_by_second"] = length;
  ctx.note("EEXIST; ftruncate grew the object to " + std::to_string(length) + " bytes, contents kept");
}

void open_missing(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("nobody");
  RoleProcess& second = ctx.start_role("second");
  const auto opened = ctx.call(second, {{"op", "open"}, {"name", name}, {"access", "read"}});
  ctx.check(!opened.ok, "opening a name nobody created succeeded: " + describe(opened));
  ctx.expect_code(opened, expected(ctx, "ERROR_FILE_NOT_FOUND", "ENOENT"), "opening a name nobody created");
  ctx.note(describe(opened));
}

void poll_before_create(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("polled");
  RoleProcess& first = ctx.start_role("first");
  RoleProcess& second = ctx.start_role("second");
  ctx.attach_coordination(second);
  ctx.send(second, {{"op", "poll_open"}, {"name", name}, {"flag", 0}, {"timeout_ms", 10000}});
  // Wait until second has failed at least once: the poll provably began before the create.
  ctx.require(Coordination::wait_at_least(ctx.coordination().flag(0), 1, ctx.deadline()),
              "second never started polling");
  const auto created = create_and_write(ctx, first, name, kSampleSize, kSampleMessage);
  const auto polled = ctx.receive(second);
  ctx.require(polled.ok, "second never saw the object: " + describe(polled));
  const auto attempts = polled.details.value("attempts", std::int64_t{0});
  const auto codes = polled.details.value("codes_before", nlohmann::json::object());
  const std::string missing = expected(ctx, "ERROR_FILE_NOT_FOUND", "ENOENT");
  ctx.check(attempts >= 2, "second's first open already succeeded");
  for (const auto& [symbol, count] : codes.items()) {
    ctx.check(symbol == missing, "while polling second saw " + symbol + " (" + count.dump() + " times), not only " + missing);
  }
  const double visible_us =
      (polled.details.value("visible_ns", std::int64_t{0}) - created.details.value("t_ns", std::int64_t{0})) / 1000.0;
  ctx.metrics()["attempts"] = attempts;
  ctx.metrics()["codes_before_visible"] = codes;
  ctx.metrics()["visible_after_create_returned_us"] = visible_us;
  ctx.call(second, {{"op", "map"}, {"access", "read"}});
  ctx.check(read_text(ctx, second) == kSampleMessage, "second did not read the message after it appeared");
  char text[160];
  std::snprintf(text, sizeof text, "%lld attempts saw only %s; visible %.1f us after the create returned",
                static_cast<long long>(attempts), missing.c_str(), visible_us);
  ctx.note(text);
}

void map_before_write(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("early");
  RoleProcess& first = ctx.start_role("first");
  RoleProcess& second = ctx.start_role("second");
  ctx.require(ctx.call(first, {{"op", "create"}, {"name", name}, {"size", kSampleSize}}).ok, "first could not create");
  ctx.call(first, {{"op", "map"}, {"access", "write"}});
  ctx.require(ctx.call(second, {{"op", "open"}, {"name", name}, {"access", "read"}}).ok, "second could not open");
  ctx.call(second, {{"op", "map"}, {"access", "read"}});
  const auto early = ctx.call(second, {{"op", "read"}});
  ctx.check(early.details.value("all_zero", false), "a fresh mapping was not zero-filled: read \"" +
                                                        early.details.value("text", "") + "\"");
  ctx.call(first, {{"op", "write"}, {"text", kSampleMessage}});
  const std::string late = read_text(ctx, second);
  ctx.check(late == kSampleMessage, "after first wrote, second read \"" + late + "\"");
  ctx.metrics()["fix"] =
      "signal after writing: first sets a named event (CreateEventW + SetEvent) that second waits for "
      "(WaitForSingleObject), or first stores a ready flag last with release semantics and second reads it with acquire";
  ctx.note("second mapped before first wrote and read " + std::to_string(kSampleSize) +
           " zero bytes: the classic sample has no synchronisation; after the write it read the message. The fix: " +
           ctx.metrics()["fix"].get<std::string>());
}

void writer_restarts(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("restart");
  RoleProcess& writer = ctx.start_role("writer");
  RoleProcess& reader = ctx.start_role("reader");
  create_and_write(ctx, writer, name, 4096, "version 1");
  ctx.require(open_and_read(ctx, reader, name) == "version 1", "reader did not read version 1");
  ctx.finish_role(writer);

  RoleProcess& restarted = ctx.start_role("writer-restarted");
  const auto again = ctx.call(restarted, {{"op", "create"}, {"name", name}, {"size", 64 * 1024}});
  ctx.expect_code(again, expected(ctx, "ERROR_ALREADY_EXISTS", "EEXIST"), "the restarted writer's create");
  if (!ctx.on_windows()) {
    ctx.require(ctx.call(restarted, {{"op", "open"}, {"name", name}, {"access", "write"}}).ok, "restarted writer cannot open");
  }
  const auto mapped = ctx.call(restarted, {{"op", "map"}, {"access", "read"}});
  ctx.require(mapped.ok, "the restarted writer cannot map: " + describe(mapped));
  const auto size = mapped.details.value("region_size", mapped.details.value("length", std::uint64_t{0}));
  ctx.check(size < 64 * 1024, "the object took the new size " + std::to_string(size));
  const std::string text = read_text(ctx, restarted);
  ctx.check(text == "version 1", "the restarted writer found \"" + text + "\", not the old contents");
  ctx.note("the reader kept it alive: " + describe(again) + ", old size " + std::to_string(size) + ", old contents");
}

}  // namespace

void add_create_open(std::vector<Scenario>& out) {
  out.push_back({"create-open/classic-sample", {"create-open"},
                 "first creates and writes the message, second opens and reads it back", classic_sample});
  out.push_back({"create-open/classic-sample-utf16", {"create-open"},
                 "a UNICODE build's UTF-16 message is read back without being told the encoding", classic_sample_utf16});
  out.push_back({"create-open/second-create-same-name", {"create-open"},
                 "a second create of the same name: 183 ERROR_ALREADY_EXISTS (POSIX EEXIST), same memory", second_create});
  out.push_back({"create-open/second-create-larger", {"create-open"},
                 "a second create asking a larger size: 183 and the first size stays (POSIX: ftruncate grows it)",
                 second_create_larger});
  out.push_back({"create-open/open-missing-name", {"create-open"},
                 "opening a name nobody created: 2 ERROR_FILE_NOT_FOUND (POSIX ENOENT)", open_missing});
  out.push_back({"race/poll-before-create", {"race"},
                 "an opener polling before the creator exists sees only 2 (ENOENT), then the object", poll_before_create});
  out.push_back({"race/map-before-write", {"race"},
                 "an opener that maps before the creator wrote reads zeros: the sample has no synchronisation",
                 map_before_write});
  out.push_back({"race/writer-restarts", {"race"},
                 "a writer that restarts while a reader holds the object gets 183 with the old size and contents",
                 writer_restarts});
}

}  // namespace shmh::scenarios
