// `diagnose --open-style`'s attempts: the style's calls, then a plain read open and a plain write
// open, each in the same role and each released before the next (unmapped, closed, and on POSIX a
// name the attempt itself created is unlinked), so nothing is left behind.
#include <chrono>

#include "harness/cli/open_style_attempts.h"
#include "harness/orchestrator/role_client.h"
#include "harness/platform/mask_names.h"
#include "harness/platform/shared_memory.h"
#include "harness/platform/system_info.h"
#include "harness/platform/this_process.h"

namespace shmh {
namespace {

using namespace std::chrono_literals;
using platform::MaskKind;

std::string hex(std::uint32_t v) { return platform::mask_name(v, MaskKind::access); }

void record(StyleStep& step, const report::Observation& o) {
  step.ok = o.ok;
  if (o.error) {
    step.code = static_cast<std::uint32_t>(o.error->code);
    step.symbol = o.error->symbol;
  }
}

// The handle call of a plan, then the fallback open (.NET), then the view; releases all of it.
StyleRun run_plan(RoleClient& role, const std::string& name, const platform::OpenPlan& plan, std::string label, bool windows) {
  StyleRun run{.label = std::move(label)};
  const std::string slot = "style";
  bool have_handle = false;
  bool created_new = false;
  if (plan.call == platform::HandleCall::create_mapping) {
    StyleStep step{.call = windows ? "CreateFileMappingW" : "shm_open", .protection = plan.protection, .size = plan.size};
    if (!windows) step.posix_flags = plan.posix_flags;
    const auto answer = role.call(cmd::Create{.name = name, .size = plan.size, .slot = slot,
                                              .protection = platform::mask_name(plan.protection, MaskKind::protection),
                                              .or_open = true},
                                  10s);
    record(step, answer);
    if (answer.ok) {
      step.already_existed = answer.reply && answer.reply->already_existed;
      created_new = answer.reply && !step.already_existed;
      if (step.symbol == "ERROR_ALREADY_EXISTS" || step.symbol == "EEXIST") step.already_existed = true;
    }
    have_handle = answer.ok;
    run.steps.push_back(step);
    const bool was_denied = !answer.ok && (step.symbol == "ERROR_ACCESS_DENIED" || step.symbol == "EACCES");
    if (was_denied && plan.open_after_denied) {
      StyleStep open{.call = windows ? "OpenFileMappingW" : "shm_open", .access = *plan.open_after_denied};
      const auto o = role.call(cmd::Open{.name = name, .slot = slot, .access_mask = hex(*plan.open_after_denied)}, 10s);
      record(open, o);
      have_handle = o.ok;
      run.steps.push_back(open);
    }
  } else {
    StyleStep step{.call = windows ? "OpenFileMappingW" : "shm_open", .access = plan.access};
    if (!windows) step.posix_flags = plan.posix_flags;
    const auto o = role.call(cmd::Open{.name = name, .slot = slot, .access_mask = hex(plan.access)}, 10s);
    record(step, o);
    if (o.reply) run.object_size = o.reply->size;
    have_handle = o.ok;
    run.steps.push_back(step);
  }
  if (have_handle) {
    StyleStep view{.call = windows ? "MapViewOfFile" : "mmap", .access = plan.view_access, .size = plan.view_size,
                   .offset = plan.view_offset};
    const auto o = role.call(cmd::Map{.offset = plan.view_offset, .length = plan.view_size, .slot = slot,
                                      .access_mask = hex(plan.view_access)},
                             10s);
    record(view, o);
    run.steps.push_back(view);
    if (o.ok) role.call(cmd::Unmap{.slot = slot}, 10s);
    role.call(cmd::Close{.slot = slot}, 10s);
    if (created_new && !windows) role.call(cmd::Unlink{.name = name}, 10s);
  }
  return run;
}

}  // namespace

std::optional<OpenStyleFacts> attempt_open_style(const OpenStyleRequest& request, std::string& failure) {
  OpenStyleFacts facts;
  facts.name = request.name;
  facts.windows = platform::backend() == platform::Backend::windows;
  facts.wine = platform::machine_info().wine_version;
  facts.attempted_as = request.attempted_as;
  facts.plan = request.plan;
  RoleClient role(platform::self_executable_path(), "diagnose", nullptr, request.identity);
  try {
    facts.user = role.call(cmd::Token{}, 10s).reply.token.user;
    const auto security = role.call(cmd::Security{.name = request.name}, 10s);
    facts.object_kind = security.reply.kind;
    if (security.ok) facts.descriptor = security.reply.descriptor;
    facts.asked = run_plan(role, request.name, request.plan, std::string(platform::open_style_spec(request.plan.style).name),
                           facts.windows);
    // The plain opens only mean something for an object that exists.
    if (!facts.object_kind.empty()) {
      platform::OpenStyleOptions read{.access = platform::mask::kFileMapRead};
      platform::OpenStyleOptions write{.access = platform::mask::kFileMapRead | platform::mask::kFileMapWrite};
      facts.read_open = run_plan(role, request.name, platform::plan_open(platform::OpenStyle::open, read, request.granularity),
                                 "open --access read", facts.windows);
      facts.write_open = run_plan(role, request.name, platform::plan_open(platform::OpenStyle::open, write, request.granularity),
                                  "open --access write", facts.windows);
    }
  } catch (const RoleFailure& error) {
    failure = std::string(error.what()) + "\n" + role.log();
    return std::nullopt;
  }
  facts.granularity = request.granularity;
  role.finish(5s);
  return facts;
}

}  // namespace shmh
