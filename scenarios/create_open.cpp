// Create / open scenarios: the classic sample (ANSI and UTF-16), second creates, missing names.
#include "scenarios/catalogue.h"
#include "scenarios/steps.h"

namespace shmh::scenarios {
namespace {

void classic_sample(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("classic");
  RoleClient& first = ctx.start_role("first");
  RoleClient& second = ctx.start_role("second");
  ctx.expect_clean_success(create_and_write(ctx, first, name, kSampleSize, kSampleMessage),
                           "the first create of a fresh name");
  const std::string text = open_and_read(ctx, second, name);
  ctx.check(text == kSampleMessage, "second read \"" + text + "\", not \"" + kSampleMessage + "\"");
  ctx.note("second read \"" + text + "\"");
}

void classic_sample_utf16(ScenarioContext& ctx) {
  // A UNICODE build of the sample writes WCHARs; second must read them without being told.
  const std::string name = ctx.object_name("wide");
  RoleClient& first = ctx.start_role("first");
  RoleClient& second = ctx.start_role("second");
  ctx.require(ctx.call(first, cmd::Create{.name = name, .size = kSampleSize}).ok, "first could not create");
  ctx.call(first, cmd::Map{.access = "write"});
  ctx.call(first, cmd::Write{.text = kSampleMessage, .encoding = "utf16"});
  ctx.require(ctx.call(second, cmd::Open{.name = name, .access = "read"}).ok, "second could not open");
  ctx.call(second, cmd::Map{.access = "read"});
  const auto read = ctx.call(second, cmd::Read{});
  const std::string& text = read.reply.text;
  ctx.check(text == kSampleMessage, "second read \"" + text + "\" from UTF-16, not \"" + kSampleMessage + "\"");
  ctx.check(read.reply.encoding == "utf16", "the encoding was guessed as " + read.reply.encoding);
  ctx.note("second read \"" + text + "\" as " + read.reply.encoding);
}

void second_create(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("twice");
  RoleClient& first = ctx.start_role("first");
  RoleClient& second = ctx.start_role("second");
  create_and_write(ctx, first, name, kSampleSize, "written by first");

  const auto again = ctx.call(second, cmd::Create{.name = name, .size = kSampleSize});
  ctx.expect_code(again, expected(ctx, "ERROR_ALREADY_EXISTS", "EEXIST"), "a second create of the same name");
  if (ctx.on_windows()) {
    // CreateFileMapping hands back a handle to the existing section and says so with 183.
    ctx.require(again.ok, "the second create returned no handle: " + describe(again));
  } else {
    // shm_open with O_CREAT | O_EXCL refuses; the second process then opens the existing object.
    const auto opened = ctx.call(second, cmd::Open{.name = name, .access = "write"});
    ctx.require(opened.ok, "second could not open the existing object: " + describe(opened));
  }
  ctx.require(ctx.call(second, cmd::Map{.access = "write"}).ok, "second could not map its view");
  const std::string seen = read_text(ctx, second);
  ctx.check(seen == "written by first", "second does not see first's memory: it read \"" + seen + "\"");
  ctx.call(second, cmd::Write{.text = "written by second", .offset = 128});
  const std::string back = read_text(ctx, first, 128);
  ctx.check(back == "written by second", "first does not see second's write: it read \"" + back + "\"");
  ctx.note("second create: " + describe(again) + "; both see one object");
}

void second_create_larger(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("larger");
  RoleClient& first = ctx.start_role("first");
  RoleClient& second = ctx.start_role("second");
  constexpr std::uint64_t kFirstSize = 4096;
  constexpr std::uint64_t kLargerSize = 256 * 1024;
  create_and_write(ctx, first, name, kFirstSize, "first's size");

  const auto again = ctx.call(second, cmd::Create{.name = name, .size = kLargerSize});
  ctx.expect_code(again, expected(ctx, "ERROR_ALREADY_EXISTS", "EEXIST"), "a second create asking a larger size");
  if (ctx.on_windows()) {
    ctx.require(again.ok, "the second create returned no handle: " + describe(again));
    const auto mapped = ctx.call(second, cmd::Map{.access = "read"});
    ctx.require(mapped.ok, "second could not map the section: " + describe(mapped));
    // The size is what this scenario checks: without it there is nothing to compare, which fails.
    ctx.require(mapped.reply->region_size.has_value(),
                "the map reply carries no region_size: the size second sees is unknown");
    const auto region = *mapped.reply->region_size;
    // The section keeps the first size, rounded up to whole pages; the larger request is ignored.
    ctx.check(region < kLargerSize,
              "the section grew to the second size: a whole view is " + std::to_string(region) + " bytes");
    ctx.metrics().values["size_seen_by_second"] = static_cast<std::int64_t>(region);
    ctx.note("183, and a whole view is " + std::to_string(region) + " bytes: the first size (page-rounded) stays");
    return;
  }
  // POSIX: the object exists (EEXIST); whoever opens it may grow it with ftruncate.
  ctx.require(ctx.call(second, cmd::Open{.name = name, .access = "write"}).ok, "second could not open");
  const auto grown = ctx.call(second, cmd::Resize{.size = kLargerSize});
  ctx.expect_clean_success(grown, "ftruncate to the larger size");
  const auto mapped = ctx.call(second, cmd::Map{.access = "read"});
  ctx.require(mapped.ok, "second could not map the grown object: " + describe(mapped));
  const auto length = mapped.reply->length;
  ctx.check(length == kLargerSize, "after ftruncate the object is " + std::to_string(length) + " bytes");
  ctx.check(read_text(ctx, second) == "first's size", "growing the object lost its contents");
  ctx.metrics().values["size_seen_by_second"] = static_cast<std::int64_t>(length);
  ctx.note("EEXIST; ftruncate grew the object to " + std::to_string(length) + " bytes, contents kept");
}

void open_missing(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("nobody");
  RoleClient& second = ctx.start_role("second");
  const auto opened = ctx.call(second, cmd::Open{.name = name, .access = "read"});
  ctx.check(!opened.ok, "opening a name nobody created succeeded: " + describe(opened));
  ctx.expect_code(opened, expected(ctx, "ERROR_FILE_NOT_FOUND", "ENOENT"), "opening a name nobody created");
  ctx.note(describe(opened));
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
}

}  // namespace shmh::scenarios
