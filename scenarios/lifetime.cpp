// Lifetime and clean-up scenarios: what happens to a name when its holders let go, exit,
// are killed or crash, and whether cycles of create/map/close leak handles.
#include "scenarios/catalogue.h"
#include "scenarios/steps.h"

namespace shmh::scenarios {
namespace {

// Windows: gone once no handle is left. POSIX: there until shm_unlink, contents included.
void expect_gone_or_persisting(ScenarioContext& ctx, RoleClient& opener, RoleClient& unlinker,
                               const std::string& name, const std::string& situation) {
  const auto opened = ctx.call(opener, cmd::Open{.name = name, .access = "read"});
  if (ctx.on_windows()) {
    ctx.check(!opened.ok, "the name outlived its last handle (" + situation + "): " + describe(opened));
    ctx.expect_code(opened, "ERROR_FILE_NOT_FOUND", "opening " + situation);
    ctx.note(situation + ": " + describe(opened));
    return;
  }
  ctx.require(opened.ok, "the object did not persist (" + situation + "): " + describe(opened));
  ctx.call(opener, cmd::Map{.access = "read"});
  const std::string text = read_text(ctx, opener);
  ctx.check(text == kSampleMessage, "the persisted object lost its contents: read \"" + text + "\"");
  ctx.call(opener, cmd::Unmap{});
  ctx.call(opener, cmd::Close{});
  ctx.expect_clean_success(ctx.call(unlinker, cmd::Unlink{.name = name}), "shm_unlink");
  const auto after = ctx.call(opener, cmd::Open{.name = name, .access = "read"});
  ctx.expect_code(after, "ENOENT", "opening after shm_unlink");
  ctx.note(situation + ": persisted until shm_unlink, then " + describe(after));
}

void close_then_open(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("closed");
  RoleClient& first = ctx.start_role("first");
  RoleClient& second = ctx.start_role("second");
  create_and_write(ctx, first, name, kSampleSize, kSampleMessage);
  ctx.expect_clean_success(ctx.call(first, cmd::Unmap{}), "first unmaps its view");
  ctx.expect_clean_success(ctx.call(first, cmd::Close{}), "first closes its handle");
  expect_gone_or_persisting(ctx, second, first, name, "after the creator unmapped and closed");
}

void close_keep_view(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("viewkept");
  RoleClient& first = ctx.start_role("first");
  RoleClient& second = ctx.start_role("second");
  create_and_write(ctx, first, name, kSampleSize, kSampleMessage);
  ctx.expect_clean_success(ctx.call(first, cmd::Close{}), "first closes its handle, keeping the view");
  // The data stays readable through the view that is still mapped.
  const std::string through_view = read_text(ctx, first);
  ctx.check(through_view == kSampleMessage, "the kept view lost its contents: \"" + through_view + "\"");
  expect_gone_or_persisting(ctx, second, first, name, "after the creator closed its handle but kept its view");
}

void holder_survives(ScenarioContext& ctx, bool kill) {
  const std::string name = ctx.object_name(kill ? "killed" : "exited");
  RoleClient& first = ctx.start_role("first");
  RoleClient& holder = ctx.start_role("holder");
  RoleClient& late = ctx.start_role("late-opener");
  create_and_write(ctx, first, name, kSampleSize, kSampleMessage);
  ctx.require(ctx.call(holder, cmd::Open{.name = name, .access = "read"}).ok, "holder could not open");
  const auto status = kill ? ctx.kill_role(first) : ctx.finish_role(first);
  ctx.check(kill ? status.killed_by_owner : status.clean(), "the creator ended with " + status.describe());
  const std::string text = open_and_read(ctx, late, name);
  ctx.check(text == kSampleMessage, "after the creator " + std::string(kill ? "was killed" : "exited") +
                                        " the object holds \"" + text + "\"");
  ctx.note(std::string("creator ") + (kill ? "killed" : "exited") + " (" + status.describe() +
           "); a late opener still read the message because another process held it");
}

void all_holders_gone(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("allgone");
  RoleClient& first = ctx.start_role("first");
  RoleClient& holder = ctx.start_role("holder");
  RoleClient& late = ctx.start_role("late-opener");
  create_and_write(ctx, first, name, kSampleSize, kSampleMessage);
  ctx.require(ctx.call(holder, cmd::Open{.name = name, .access = "read"}).ok, "holder could not open");
  ctx.finish_role(first);
  ctx.finish_role(holder);
  expect_gone_or_persisting(ctx, late, late, name, "after every holder exited");
}

void handle_leak(ScenarioContext& ctx) {
  constexpr int kWarmUp = 10;
  constexpr int kCycles = 200;
  const std::string name = ctx.object_name("cycle");
  RoleClient& role = ctx.start_role("cycler");
  const auto before = ctx.call(role, cmd::HandleCount{});
  ctx.require(before.ok, "cannot count handles: " + describe(before));
  const auto warm = ctx.call(role, cmd::Cycle{.name = name, .size = 65536, .count = kWarmUp});
  ctx.require(warm.ok, "the warm-up cycles failed: " + describe(warm));
  const auto baseline = ctx.call(role, cmd::HandleCount{});
  const auto cycled = ctx.call(role, cmd::Cycle{.name = name, .size = 65536, .count = kCycles});
  ctx.require(cycled.ok, "the cycles failed: " + describe(cycled));
  const auto after = ctx.call(role, cmd::HandleCount{});
  // A count that failed has no number: -1 marks it, and the check below reports it as unusable.
  const auto count_of = [](const Answer<cmd::HandleCount>& answer) { return answer.reply ? answer.reply->count : -1; };
  const auto c0 = count_of(before);
  const auto c1 = count_of(baseline);
  const auto c2 = count_of(after);
  ctx.metrics().counts["handles"] = {{"start", c0}, {"after_warm_up", c1}, {"after_cycles", c2}, {"cycles", kCycles}};
  ctx.check(c1 > 0 && c2 > 0, "the handle count is not usable: " + std::to_string(c1) + ", " + std::to_string(c2));
  ctx.check(c2 <= c1, std::to_string(kCycles) + " create/map/unmap/close cycles grew the handle count from " +
                          std::to_string(c1) + " to " + std::to_string(c2));
  ctx.note(std::to_string(kCycles) + " cycles: " + std::to_string(c1) + " handles before, " + std::to_string(c2) + " after");
}

void crash_mid_write(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("torn");
  RoleClient& writer = ctx.start_role("writer");
  RoleClient& holder = ctx.start_role("holder");
  RoleClient& late = ctx.start_role("late-opener");
  ctx.require(ctx.call(writer, cmd::Create{.name = name, .size = kSampleSize}).ok, "writer could not create");
  ctx.call(writer, cmd::Map{.access = "write"});
  ctx.require(ctx.call(holder, cmd::Open{.name = name, .access = "read"}).ok, "holder could not open");
  const auto status = ctx.expect_death(writer, cmd::CrashMidWrite{.text = kSampleMessage});
  if (ctx.on_windows()) {
    ctx.check(!status.by_signal && static_cast<std::uint32_t>(status.code) == 0xC0000005u,
              "the writer ended with " + status.describe() + ", not 0xC0000005 EXCEPTION_ACCESS_VIOLATION");
  } else {
    ctx.check(status.by_signal && status.code == 11, "the writer ended with " + status.describe() + ", not SIGSEGV");
  }
  const std::string torn = open_and_read(ctx, late, name);
  const std::string half = std::string(kSampleMessage).substr(0, std::string(kSampleMessage).size() / 2);
  ctx.check(torn == half, "after the crash the object holds \"" + torn + "\", not the half written \"" + half + "\"");
  ctx.metrics().values["exit"] = status.describe();
  ctx.note("writer died with " + status.describe() + "; the object survived with the torn text \"" + torn + "\"");
}

}  // namespace

void add_lifetime(std::vector<Scenario>& out) {
  out.push_back({"lifetime/close-then-open", {"lifetime"},
                 "after the creator unmaps and closes, open gets 2 on Windows; POSIX keeps it until unlinked",
                 close_then_open});
  out.push_back({"lifetime/close-keep-view", {"lifetime"},
                 "the creator closes its handle but keeps the view: the name dies (Windows), the view still reads",
                 close_keep_view});
  out.push_back({"lifetime/creator-exits-while-held", {"lifetime"},
                 "the creator exits normally while another process holds a handle: the object survives",
                 [](ScenarioContext& ctx) { holder_survives(ctx, false); }});
  out.push_back({"lifetime/creator-killed-while-held", {"lifetime"},
                 "the creator is killed while another process holds a handle: the object survives",
                 [](ScenarioContext& ctx) { holder_survives(ctx, true); }});
  out.push_back({"lifetime/all-holders-gone", {"lifetime"},
                 "every holder exited: 2 on Windows; POSIX keeps it until shm_unlink", all_holders_gone});
  out.push_back({"lifetime/handle-count-stable", {"lifetime"},
                 "a role's handle count does not grow over 200 create/map/unmap/close cycles", handle_leak});
  out.push_back({"lifetime/crash-mid-write", {"lifetime"},
                 "a writer that crashes mid-write is reported with its exception code or signal; the object survives",
                 crash_mid_write});
}

}  // namespace shmh::scenarios
