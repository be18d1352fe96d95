// The machine's limits as scenarios (issue 24): an shm object larger than its store's free space
// (POSIX: ftruncate succeeds, touching the pages raises SIGBUS, which the role reports), and a
// section larger than the commit limit (Windows: SEC_COMMIT is charged whole at creation,
// SEC_RESERVE nothing until pages are committed; POSIX: posix_fallocate is that up-front charge).
#include <algorithm>

#include "harness/platform/memory_limits.h"
#include "harness/platform/system_info.h"
#include "scenarios/catalogue.h"
#include "scenarios/steps.h"

namespace shmh::scenarios {
namespace {

using platform::StoreOverflowWay;

std::string limit_bytes(std::uint64_t bytes) {
  if (bytes >= (1ull << 30)) return std::to_string(bytes >> 30) + "." + std::to_string(((bytes >> 20) % 1024) * 10 / 1024) + " GiB";
  if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

// The store this scenario may fill on this machine: the machine's /dev/shm when it is small, else a
// private tmpfs in `role`'s own mount namespace; skipped with the reason when neither is possible.
struct StoreToFill {
  platform::StoreOverflowPlan plan;
  std::uint64_t free = 0;
  std::string described;  // "/dev/shm is a tmpfs of 4 MiB with 4 MiB free (private: unshare(CLONE_NEWNS))"
};

StoreToFill store_to_fill(ScenarioContext& ctx, RoleClient& role) {
  platform::StoreOverflowFacts facts{.store = platform::memory_limits(), .private_store_tried = false, .private_store_error = {}, .private_store_free = 0};
  auto plan = platform::plan_store_overflow(facts);
  std::string how;
  if (plan.way == StoreOverflowWay::try_private_store) {
    const auto store = ctx.call(role, cmd::PrivateStore{.size = platform::kPrivateStoreSize});
    facts.private_store_tried = true;
    if (store.ok) {
      facts.private_store_free = store.reply->store_free;
      how = store.reply->how;
    } else {
      facts.private_store_error = describe(store) + (store.error && !store.error->message.empty() ? " (" + store.error->message + ")" : "");
    }
    plan = platform::plan_store_overflow(facts);
  }
  ctx.metrics().values["store"] = plan.why;
  if (plan.way == StoreOverflowWay::skip) ctx.skip(plan.why);
  const bool private_store = plan.way == StoreOverflowWay::private_store;
  const std::uint64_t free = private_store ? facts.private_store_free : facts.store.store_free;
  const std::string described = private_store
      ? "/dev/shm is a private tmpfs of " + limit_bytes(platform::kPrivateStoreSize) + " with " + limit_bytes(free) + " free (" + how +
            "; the machine's: " + limit_bytes(facts.store.store_free) + " free)"
      : "/dev/shm is a tmpfs of " + limit_bytes(facts.store.store_size) + " with " + limit_bytes(free) + " free";
  return {plan, free, described};
}

void store_overflow_sigbus(ScenarioContext& ctx) {
  if (ctx.on_windows()) {
    ctx.skip("a pagefile-backed section has no store of its own that fills up: the Windows limit is the commit "
             "limit, which limits/commit-beyond-limit probes");
  }
  RoleClient& filler = ctx.start_role("filler");
  const auto store = store_to_fill(ctx, filler);
  const std::string name = ctx.object_name("overflow");
  const std::uint64_t size = store.plan.object_size;
  const auto created = ctx.call(filler, cmd::Create{.name = name, .size = size});
  // shm_open + ftruncate only set the size: tmpfs allocates a page when it is first touched.
  ctx.expect_clean_success(created, "shm_open + ftruncate to " + limit_bytes(size) + ", more than the " + limit_bytes(store.free) + " free");
  ctx.require(created.ok, "cannot size the object: " + describe(created));
  const auto mapped = ctx.call(filler, cmd::Map{.access = "write"});
  ctx.require(mapped.ok, "cannot map the object: " + describe(mapped));
  const auto touched = ctx.call(filler, cmd::Touch{});
  ctx.check(!touched.ok, "every page of " + limit_bytes(size) + " took a write though the store had " + limit_bytes(store.free) + " free");
  ctx.expect_code(touched, "SIGBUS", "touching the pages past the store's free space");
  const auto page = platform::machine_info().page_size;
  if (touched.reply.fault_offset) {
    // The fault comes where the free space ends (less, when others use the store meanwhile).
    ctx.check(*touched.reply.fault_offset <= store.free + page,
              "the fault came at offset " + std::to_string(*touched.reply.fault_offset) + ", past the " + std::to_string(store.free) +
                  " bytes that were free");
    ctx.metrics().counts["bytes"] = {{"store_free", static_cast<std::int64_t>(store.free)},
                                     {"object_size", static_cast<std::int64_t>(size)},
                                     {"fault_offset", static_cast<std::int64_t>(*touched.reply.fault_offset)}};
  }
  const std::string fault = touched.reply.fault_offset
      ? touched.reply.fault + " at offset " + std::to_string(*touched.reply.fault_offset) + " (" +
            limit_bytes(touched.reply.bytes_touched) + " touched first)"
      : "no fault: " + describe(touched);
  ctx.note(store.described + "; the size was set by ftruncate to " + limit_bytes(size) + " (" + describe(created) +
           "), but tmpfs allocates pages when they are touched: " + fault +
           ". diagnose --size warns of this before a program runs into it");
}

void commit_beyond_limit_windows(ScenarioContext& ctx) {
  const auto limits = platform::memory_limits();
  if (limits.commit_limit == 0) ctx.skip("the commit limit cannot be read here: " + limits.error);
  constexpr std::uint64_t kGranule = 65536;
  // ullTotalPageFile is the commit limit *now*: a system-managed page file grows to meet a charge
  // (PERFORMANCE_INFORMATION's CommitLimit: "If the paging file can be extended, this is a soft
  // limit"), up to 3 times the RAM. So the section is larger than RAM plus the largest such page
  // file (4 x RAM) as well as the current limit, by 1 GiB: no growth can make it fit.
  const std::uint64_t ram = platform::machine_info().physical_memory;
  const std::uint64_t ceiling = std::max(limits.commit_limit, 4 * ram);
  const std::uint64_t size = (ceiling + (1ull << 30) + kGranule - 1) / kGranule * kGranule;
  RoleClient& role = ctx.start_role("creator");
  const std::string above = "commit limit " + limit_bytes(limits.commit_limit) + " (GlobalMemoryStatusEx ullTotalPageFile), " +
                            limit_bytes(limits.commit_available) + " available; section " + limit_bytes(size);
  const auto committed = ctx.call(role, cmd::Create{.name = ctx.object_name("commit"), .size = size, .slot = "commit",
                                                    .protection = "PAGE_READWRITE|SEC_COMMIT"});
  // SEC_RESERVE of the same size charges nothing: made, and its view has no committed page until
  // VirtualAlloc(MEM_COMMIT) (dlls/kernel32/tests/virtual.c, test_MapViewOfFile, "read/write mapping
  // with SEC_RESERVE": VirtualQuery of the fresh view gives MEM_RESERVE; after the commit MEM_COMMIT).
  const auto reserved = ctx.call(role, cmd::Create{.name = ctx.object_name("reserve"), .size = size, .slot = "reserve",
                                                   .protection = "PAGE_READWRITE|SEC_RESERVE"});
  ctx.expect_clean_success(reserved, "a SEC_RESERVE section of " + limit_bytes(size) + ", above the commit limit");
  ctx.require(reserved.ok, "cannot create the SEC_RESERVE section: " + describe(reserved));
  ctx.require(ctx.call(role, cmd::Map{.access = "write", .length = kGranule, .slot = "reserve"}).ok, "cannot map 64 KiB of the SEC_RESERVE section");
  const auto before = ctx.call(role, cmd::Committed{.slot = "reserve"});
  ctx.require(before.ok, "cannot ask what is committed: " + describe(before));
  ctx.check(before.reply->bytes == 0, "a fresh SEC_RESERVE view already has " + std::to_string(before.reply->bytes) + " committed bytes");
  // Touching a page nobody committed is an access violation, reported by the role.
  const auto uncommitted = ctx.call(role, cmd::Touch{.length = 4096, .slot = "reserve"});
  ctx.expect_code(uncommitted, "EXCEPTION_ACCESS_VIOLATION", "a write into an uncommitted page of a SEC_RESERVE view");
  const auto commit = ctx.call(role, cmd::Commit{.offset = 0, .length = kGranule, .slot = "reserve"});
  ctx.expect_clean_success(commit, "VirtualAlloc(MEM_COMMIT) of 64 KiB of the view");
  const auto touched = ctx.call(role, cmd::Touch{.length = kGranule, .slot = "reserve"});
  ctx.expect_clean_success(touched, "writes into the committed pages");
  const std::string reserve_note = "SEC_RESERVE: " + describe(reserved) + ", " + std::to_string(before.reply->bytes) +
                                   " bytes committed in its view, a write there: " +
                                   (uncommitted.error ? uncommitted.error->symbol : std::string("no fault")) + "; after VirtualAlloc(MEM_COMMIT, 64 KiB): " +
                                   (touched.ok ? "writes ok" : describe(touched));
  if (committed.ok) {
    // Wine does not charge commit (WINE.md: a 256 GiB SEC_COMMIT section is created on a 23 GiB machine).
    const auto wine = platform::machine_info().wine_version;
    if (wine) {
      ctx.skip("this machine created a SEC_COMMIT section above its commit limit (" + above + ": " + describe(committed) + ", Wine " + *wine +
               " does not charge commit); Windows refuses it with 1455 ERROR_COMMITMENT_LIMIT. " + reserve_note);
    }
    const auto after = platform::memory_limits().commit_limit;
    if (after > limits.commit_limit) {
      ctx.skip("the commit limit grew while the section was made (" + limit_bytes(limits.commit_limit) + " to " +
               limit_bytes(after) + ": the page file was extended), so this machine's limit is soft and the section fit: " +
               describe(committed) + ". " + reserve_note);
    }
    ctx.check(false, "a SEC_COMMIT section above the commit limit was created: " + describe(committed) + " (" + above + ")");
  } else {
    // Microsoft's CreateFileMapping documentation, SEC_COMMIT: "The system must have enough committable
    // pages to hold the entire mapping. Otherwise, CreateFileMapping fails." It names no code; the kernel's
    // STATUS_COMMITMENT_LIMIT (0xC000012D) reaches GetLastError as 1455 ERROR_COMMITMENT_LIMIT (8 where the
    // charge fails as a plain allocation). No Wine conformance test asserts it: Wine does not enforce it.
    expect_one_of(ctx, committed, {"ERROR_COMMITMENT_LIMIT", "ERROR_NOT_ENOUGH_MEMORY"}, "a SEC_COMMIT section above the commit limit");
  }
  ctx.note(above + ". SEC_COMMIT: " + describe(committed) + ". " + reserve_note);
}

// POSIX has no SEC_COMMIT: shm_open + ftruncate is always what SEC_RESERVE is on Windows (tmpfs
// allocates a page when it is first touched, and a page it cannot allocate is a SIGBUS, not an
// access violation). The up-front charge, the honest twin of SEC_COMMIT's, is posix_fallocate:
// it fails with ENOSPC at once, and allocates nothing, instead of a SIGBUS later.
void commit_beyond_limit_posix(ScenarioContext& ctx) {
  RoleClient& role = ctx.start_role("creator");
  const auto store = store_to_fill(ctx, role);
  const std::uint64_t size = store.plan.object_size;
  const auto created = ctx.call(role, cmd::Create{.name = ctx.object_name("commit"), .size = size});
  ctx.expect_clean_success(created, "shm_open + ftruncate to " + limit_bytes(size) + " (reserves, charges nothing)");
  ctx.require(created.ok, "cannot size the object: " + describe(created));
  ctx.require(ctx.call(role, cmd::Map{.access = "write"}).ok, "cannot map the object");
  const auto all = ctx.call(role, cmd::Commit{.offset = 0, .length = size});
  ctx.expect_code(all, "ENOSPC", "posix_fallocate of all " + limit_bytes(size) + " (the up-front charge)");
  const auto after = ctx.call(role, cmd::Committed{});
  ctx.require(after.ok, "cannot ask what is allocated: " + describe(after));
  const auto part = ctx.call(role, cmd::Commit{.offset = 0, .length = 65536});
  ctx.expect_clean_success(part, "posix_fallocate of the first 64 KiB, which fit");
  const auto touched = ctx.call(role, cmd::Touch{.length = 65536});
  ctx.expect_clean_success(touched, "writes into the allocated pages");
  ctx.note(store.described + "; ftruncate to " + limit_bytes(size) + ": " + describe(created) + "; posix_fallocate of all of it: " +
           describe(all) + ", leaving " + std::to_string(after.reply->bytes) + " bytes allocated; of 64 KiB: " + describe(part) +
           ", writes there " + (touched.ok ? "ok" : describe(touched)));
}

}  // namespace

void add_limits(std::vector<Scenario>& out) {
  out.push_back({"limits/store-overflow-sigbus", {"limits"},
                 "an object larger than /dev/shm's free space: ftruncate succeeds, touching the pages raises SIGBUS, reported "
                 "with the free space (a private small tmpfs where /dev/shm is large; Windows: see commit-beyond-limit)",
                 store_overflow_sigbus});
  out.push_back({"limits/commit-beyond-limit", {"limits"},
                 "a section above the commit limit: SEC_COMMIT 1455 (or 8), SEC_RESERVE made with no committed page until "
                 "VirtualAlloc, an uncommitted write 0xC0000005 (POSIX: posix_fallocate ENOSPC, ftruncate ok)",
                 [](ScenarioContext& ctx) { ctx.on_windows() ? commit_beyond_limit_windows(ctx) : commit_beyond_limit_posix(ctx); }});
}

}  // namespace shmh::scenarios
