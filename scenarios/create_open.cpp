// Create / open scenarios: the classic sample, a second create, opening a name nobody created.
#include "catalogue.h"

namespace shmh::scenarios {
namespace {

using nlohmann::json;

void classic_sample(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("classic");
  RoleProcess& first = ctx.start_role("first");
  RoleProcess& second = ctx.start_role("second");

  const auto created = ctx.call(first, {{"op", "create"}, {"name", name}, {"size", kSampleSize}});
  ctx.require(created.ok, "first could not create the mapping: " + describe(created));
  ctx.expect_clean_success(created, "the first create of a fresh name");
  ctx.require(ctx.call(first, {{"op", "map"}, {"access", "write"}}).ok, "first could not map its view");
  ctx.call(first, {{"op", "write"}, {"text", kSampleMessage}});

  const auto opened = ctx.call(second, {{"op", "open"}, {"name", name}, {"access", "read"}});
  ctx.require(opened.ok, "second could not open the mapping first created: " + describe(opened));
  ctx.require(ctx.call(second, {{"op", "map"}, {"access", "read"}}).ok, "second could not map its view");
  const auto read = ctx.call(second, {{"op", "read"}, {"length", kSampleSize}});
  const std::string text = read.details.value("text", "");
  ctx.check(text == kSampleMessage, "second read \"" + text + "\", not \"" + kSampleMessage + "\"");
  ctx.note("second read \"" + text + "\"");
}

void second_create(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("twice");
  RoleProcess& first = ctx.start_role("first");
  RoleProcess& second = ctx.start_role("second");

  const auto created = ctx.call(first, {{"op", "create"}, {"name", name}, {"size", kSampleSize}});
  ctx.require(created.ok, "first could not create the mapping: " + describe(created));
  ctx.call(first, {{"op", "map"}, {"access", "write"}});
  ctx.call(first, {{"op", "write"}, {"text", "written by first"}});

  const auto again = ctx.call(second, {{"op", "create"}, {"name", name}, {"size", kSampleSize}});
  if (ctx.on_windows()) {
    // CreateFileMapping hands back a handle to the existing section and says so with 183.
    ctx.expect_code(again, "ERROR_ALREADY_EXISTS", "a second CreateFileMappingW of the same name");
    ctx.require(again.ok, "the second create returned no handle: " + describe(again));
  } else {
    // shm_open with O_CREAT | O_EXCL refuses; the second process then opens the existing object.
    ctx.expect_code(again, "EEXIST", "a second shm_open(O_CREAT|O_EXCL) of the same name");
    const auto opened = ctx.call(second, {{"op", "open"}, {"name", name}, {"access", "write"}});
    ctx.require(opened.ok, "second could not open the existing object: " + describe(opened));
  }
  ctx.require(ctx.call(second, {{"op", "map"}, {"access", "write"}}).ok, "second could not map its view");
  const auto seen = ctx.call(second, {{"op", "read"}});
  ctx.check(seen.details.value("text", "") == "written by first",
            "second does not see first's memory: it read \"" + seen.details.value("text", "") + "\"");
  // And the other way round: what second writes, first reads.
  ctx.call(second, {{"op", "write"}, {"text", "written by second"}, {"offset", 128}});
  const auto back = ctx.call(first, {{"op", "read"}, {"offset", 128}});
  ctx.check(back.details.value("text", "") == "written by second",
            "first does not see second's write: it read \"" + back.details.value("text", "") + "\"");
  ctx.note(std::string("second create: ") + describe(again) + "; both see one object");
}

void open_missing(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("nobody");
  RoleProcess& second = ctx.start_role("second");
  const auto opened = ctx.call(second, {{"op", "open"}, {"name", name}, {"access", "read"}});
  ctx.check(!opened.ok, "opening a name nobody created succeeded: " + describe(opened));
  ctx.expect_code(opened, ctx.on_windows() ? "ERROR_FILE_NOT_FOUND" : "ENOENT", "opening a name nobody created");
  ctx.note(describe(opened));
}

}  // namespace

void add_create_open(std::vector<Scenario>& out) {
  out.push_back({"create-open/classic-sample",
                 {"create-open"},
                 "first creates and writes the message, second opens and reads it back",
                 classic_sample});
  out.push_back({"create-open/second-create-same-name",
                 {"create-open"},
                 "a second create of the same name: 183 ERROR_ALREADY_EXISTS (POSIX EEXIST), same memory",
                 second_create});
  out.push_back({"create-open/open-missing-name",
                 {"create-open"},
                 "opening a name nobody created: 2 ERROR_FILE_NOT_FOUND (POSIX ENOENT)",
                 open_missing});
}

}  // namespace shmh::scenarios
