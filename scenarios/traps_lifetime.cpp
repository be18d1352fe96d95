// Lifetime traps (issue 27): the silent split when the creator keeps a view but no handle, what
// UnmapViewOfFile does with an address that is not a view's start, and a SEC_RESERVE section whose
// pages one process commits for everyone. Each Windows expectation names its Wine conformance test.
#include "scenarios/catalogue.h"
#include "scenarios/steps.h"

namespace shmh::scenarios {
namespace {

void silent_split(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("split");
  RoleClient& first = ctx.start_role("first");
  RoleClient& second = ctx.start_role("second");
  create_and_write(ctx, first, name, kSampleSize, "first's memory");
  // The creator lets go of the name but keeps its view: on Windows closing the last handle is
  // enough, on POSIX the name goes with shm_unlink while the object stays mapped.
  ctx.expect_clean_success(ctx.call(first, cmd::Close{}), "first closes its last handle, keeping its view");
  if (!ctx.on_windows()) ctx.expect_clean_success(ctx.call(first, cmd::Unlink{.name = name}), "first unlinks the name, keeping its view");
  const auto created = ctx.call(second, cmd::Create{.name = name, .size = kSampleSize});
  // dlls/kernel32/tests/virtual.c, test_MapViewOfFile ("close named mapping handle without
  // unmapping"): the next CreateFileMappingA of the name succeeds with ERROR_SUCCESS, a new object,
  // not 183. POSIX: shm_open(O_CREAT|O_EXCL) after shm_unlink succeeds, a new object.
  ctx.expect_clean_success(created, "creating the name again while the first view is still mapped");
  ctx.require(created.ok, "second could not create: " + describe(created));
  ctx.require(ctx.call(second, cmd::Map{.access = "write"}).ok, "second cannot map");
  const std::string fresh = read_text(ctx, second);
  ctx.call(second, cmd::Write{.text = "second's memory"});
  const std::string through_first = read_text(ctx, first);
  const std::string through_second = read_text(ctx, second);
  ctx.check(fresh.empty(), "the new object was not fresh: it held \"" + fresh + "\"");
  ctx.check(through_first == "first's memory", "first's view changed: \"" + through_first + "\"");
  ctx.check(through_second == "second's memory", "second's view holds \"" + through_second + "\"");
  ctx.metrics().values["first_view"] = through_first;
  ctx.metrics().values["second_view"] = through_second;
  ctx.note("create after the name died: " + describe(created) + "; first's view reads \"" + through_first + "\", second's \"" +
           through_second + "\": two processes, one name, different memory, no error. Keep a handle (" +
           std::string(ctx.on_windows() ? "CloseHandle only after UnmapViewOfFile" : "do not shm_unlink") +
           ") for as long as others may open the name, not just a view");
}

void unmap_not_a_view(ScenarioContext& ctx) {
  RoleClient& role = ctx.start_role("role");
  const auto unmapped = ctx.call(role, cmd::UnmapNotAView{});
  if (ctx.on_windows()) {
    // dlls/kernel32/tests/virtual.c, test_MapViewOfFile: UnmapViewOfFile of VirtualAlloc memory
    // (and 0x3000 into it) fails with ERROR_INVALID_ADDRESS.
    ctx.expect_code(unmapped, "ERROR_INVALID_ADDRESS", "UnmapViewOfFile of memory that is not a view");
  } else {
    // POSIX: munmap of a range that holds no mapping is not an error.
    ctx.expect_clean_success(unmapped, "munmap of a page that holds no mapping");
  }
  ctx.note(describe(unmapped));
}

void unmap_inside_view(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("inside");
  RoleClient& role = ctx.start_role("role");
  create_and_write(ctx, role, name, 3 * 4096, kSampleMessage);
  const auto unmapped = ctx.call(role, cmd::UnmapInside{.offset = 4096 + 100});
  // dlls/kernel32/tests/virtual.c, test_MapViewOfFile: UnmapViewOfFile((char *)ptr + 4096 + 100)
  // succeeds, and the whole view goes. POSIX: munmap of that page succeeds and unmaps it alone.
  ctx.expect_clean_success(unmapped, "unmapping at an address inside the view");
  ctx.require(unmapped.reply.has_value(), "no answer on what stayed mapped");
  const bool base = unmapped.reply->base_mapped;
  const bool inside = unmapped.reply->offset_mapped;
  ctx.check(!inside, "the page unmapped is still mapped");
  if (ctx.on_windows()) {
    ctx.check(!base, "the view's first page is still mapped: UnmapViewOfFile inside a view should take all of it");
  } else {
    ctx.check(base, "munmap of one page took the view's first page too");
  }
  ctx.note(describe(unmapped) + "; afterwards the view's start is " + (base ? "still mapped" : "unmapped") +
           ", the address given is " + (inside ? "still mapped" : "unmapped"));
}

void reserve_commit_seen_by_other(ScenarioContext& ctx) {
  constexpr std::uint64_t kSize = 1 << 20;
  constexpr std::uint64_t kCommit = 65536;
  const std::string name = ctx.object_name("reserve");
  RoleClient& committer = ctx.start_role("committer");
  RoleClient& watcher = ctx.start_role("watcher");
  const auto created = ctx.call(committer, cmd::Create{.name = name, .size = kSize, .protection = "PAGE_READWRITE|SEC_RESERVE"});
  ctx.require(created.ok, "cannot create a SEC_RESERVE section: " + describe(created));
  ctx.require(ctx.call(committer, cmd::Map{.access = "write"}).ok, "the committer cannot map");
  ctx.require(ctx.call(watcher, cmd::Open{.name = name, .access = "write"}).ok, "the watcher cannot open");
  ctx.require(ctx.call(watcher, cmd::Map{.access = "write"}).ok, "the watcher cannot map");
  const auto before = ctx.call(watcher, cmd::Committed{});
  ctx.require(before.ok, "cannot ask what is committed: " + describe(before));
  const auto committed = ctx.call(committer, cmd::Commit{.offset = 0, .length = kCommit});
  ctx.expect_clean_success(committed, "committing 64 KiB of the reserved section");
  const auto after = ctx.call(watcher, cmd::Committed{});
  ctx.require(after.ok, "cannot ask what is committed: " + describe(after));
  // dlls/kernel32/tests/virtual.c, test_MapViewOfFile ("read/write mapping with SEC_RESERVE"):
  // VirtualAlloc(MEM_COMMIT) in one view makes the pages MEM_COMMIT in another view of the
  // section, RegionSize 0x10000 ("it also affects all other processes with a view of the
  // mapping"). POSIX: a sparse object; posix_fallocate allocates blocks every descriptor sees.
  ctx.check(before.reply->bytes == 0, "before the commit the watcher already saw " + std::to_string(before.reply->bytes) + " committed bytes");
  ctx.check(after.reply->bytes >= kCommit, "after the commit the watcher sees " + std::to_string(after.reply->bytes) + " committed bytes, not 65536");
  ctx.call(committer, cmd::Write{.text = "committed by another process"});
  const std::string text = read_text(ctx, watcher);
  ctx.check(text == "committed by another process", "the watcher reads \"" + text + "\" in the committed page");
  ctx.metrics().counts["committed_bytes"] = {{"before", static_cast<std::int64_t>(before.reply->bytes)},
                                            {"after", static_cast<std::int64_t>(after.reply->bytes)}};
  ctx.note("the watcher saw " + std::to_string(before.reply->bytes) + " committed bytes, then " + std::to_string(after.reply->bytes) +
           " after the other process committed 64 KiB, and read its text there");
}

}  // namespace

void add_lifetime_traps(std::vector<Scenario>& out) {
  out.push_back({"lifetime/silent-split", {"lifetime", "traps"},
                 "the creator keeps a view but no handle: the next create of the name gets a new object (0, not 183), "
                 "two processes see different memory without an error (POSIX: after shm_unlink)",
                 silent_split});
  out.push_back({"lifetime/unmap-not-a-view", {"lifetime", "traps"},
                 "UnmapViewOfFile of memory that is not a view: 487 ERROR_INVALID_ADDRESS (POSIX munmap: ok)", unmap_not_a_view});
  out.push_back({"lifetime/unmap-inside-view", {"lifetime", "traps"},
                 "UnmapViewOfFile at an address inside a view takes the whole view (POSIX munmap: that page only)",
                 unmap_inside_view});
  out.push_back({"lifetime/reserve-commit-shared", {"lifetime", "traps"},
                 "a SEC_RESERVE section's pages committed in one process are committed for another (POSIX: posix_fallocate)",
                 reserve_commit_seen_by_other});
}

}  // namespace shmh::scenarios
