// Lifetime and clean-up scenarios: what happens to a name when its holders let go.
#include "catalogue.h"

namespace shmh::scenarios {
namespace {

void close_then_open(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("closed");
  RoleProcess& first = ctx.start_role("first");
  RoleProcess& second = ctx.start_role("second");

  const auto created = ctx.call(first, {{"op", "create"}, {"name", name}, {"size", kSampleSize}});
  ctx.require(created.ok, "first could not create the mapping: " + describe(created));
  ctx.call(first, {{"op", "map"}, {"access", "write"}});
  ctx.call(first, {{"op", "write"}, {"text", kSampleMessage}});
  ctx.expect_clean_success(ctx.call(first, {{"op", "unmap"}}), "first unmaps its view");
  ctx.expect_clean_success(ctx.call(first, {{"op", "close"}}), "first closes its handle");

  const auto opened = ctx.call(second, {{"op", "open"}, {"name", name}, {"access", "read"}});
  if (ctx.on_windows()) {
    // The section died with its last handle: the name is gone.
    ctx.check(!opened.ok, "the name outlived its last handle: " + describe(opened));
    ctx.expect_code(opened, "ERROR_FILE_NOT_FOUND", "opening after the creator unmapped and closed");
    ctx.note(describe(opened));
    return;
  }
  // POSIX: the object persists, contents included, until shm_unlink.
  ctx.require(opened.ok, "the object did not persist after close: " + describe(opened));
  ctx.call(second, {{"op", "map"}, {"access", "read"}});
  const auto read = ctx.call(second, {{"op", "read"}});
  ctx.check(read.details.value("text", "") == kSampleMessage,
            "the persisted object lost its contents: read \"" + read.details.value("text", "") + "\"");
  ctx.call(second, {{"op", "unmap"}});
  ctx.call(second, {{"op", "close"}});
  ctx.expect_clean_success(ctx.call(first, {{"op", "unlink"}, {"name", name}}), "first unlinks the name");
  const auto after = ctx.call(second, {{"op", "open"}, {"name", name}, {"access", "read"}});
  ctx.expect_code(after, "ENOENT", "opening after shm_unlink");
  ctx.note("persisted until shm_unlink, then " + describe(after));
}

}  // namespace

void add_lifetime(std::vector<Scenario>& out) {
  out.push_back({"lifetime/close-then-open",
                 {"lifetime"},
                 "after the creator unmaps and closes, open gets 2 on Windows; POSIX keeps it until unlinked",
                 close_then_open});
}

}  // namespace shmh::scenarios
