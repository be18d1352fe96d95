// Privilege and integrity scenarios: Global\ creation without SeCreateGlobalPrivilege, opening
// without it, low integrity writing up, large pages without SeLockMemoryPrivilege. Each probes
// whether this machine enforces the rule, and is skipped with what it found when it does not.
#include "scenarios/catalogue.h"
#include "harness/platform/cpu.h"
#include "harness/platform/security.h"
#include "harness/platform/system_info.h"
#include "scenarios/steps.h"
#include "scenarios/windows_rules.h"

namespace shmh::scenarios {
namespace {

using platform::Restriction;

void windows_only(ScenarioContext& ctx, const char* rule) {
  if (!ctx.on_windows()) ctx.skip(std::string("POSIX has no ") + rule + ": the rule is Windows-only");
}

std::string where(ScenarioContext&) {
  const auto info = platform::machine_info();
  return info.wine_version ? " (Wine " + *info.wine_version + ")" : "";
}

// A role started with less power, and the token it really got.
std::pair<RoleClient*, platform::TokenInfo> restricted_role(ScenarioContext& ctx, const std::string& name,
                                                             Restriction restriction) {
  RoleClient& role = ctx.start_role(name, restriction);
  const auto token = ctx.call(role, cmd::Token{});
  const platform::TokenInfo& info = token.reply.token;
  report::RoleToken& kept = ctx.metrics().tokens[name];
  kept = {info.user, info.session_id, info.integrity_level, info.elevated, info.service, {}, std::nullopt, std::nullopt};
  for (const auto& p : info.privileges) kept.privileges.emplace_back(p.name, p.enabled);
  if (info.uid >= 0) kept.uid = info.uid;
  if (info.gid >= 0) kept.gid = info.gid;
  return {&role, info};
}

std::string global_name(ScenarioContext& ctx, const std::string& tag) {
  return "Global\\" + ctx.object_name(tag).substr(6);  // same unique tail, Global\ prefix
}

void global_create_without_privilege(ScenarioContext& ctx) {
  windows_only(ctx, "Global\\ namespace and no SeCreateGlobalPrivilege");
  auto [role, token] = restricted_role(ctx, "restricted", Restriction::without_global_privilege);
  ctx.require(!platform::find_privilege(token, "SeCreateGlobalPrivilege"),
              "the restricted role still holds SeCreateGlobalPrivilege: the restriction did not take");
  if (token.session_id && *token.session_id == 0) {
    ctx.skip("this process runs in session 0 (a service), where creating Global\\ objects needs no privilege");
  }
  const std::string name = global_name(ctx, "noglobal");
  const auto created = ctx.call(*role, cmd::Create{.name = name, .size = 4096});
  if (created.ok) {
    ctx.skip("not enforced here: a child without SeCreateGlobalPrivilege created " + name + " in session " +
             std::to_string(token.session_id.value_or(0)) + where(ctx));
  }
  ctx.expect_code(created, "ERROR_ACCESS_DENIED", "creating Global\\ without SeCreateGlobalPrivilege in session " +
                                                      std::to_string(token.session_id.value_or(0)));
  ctx.note(describe(created) + " in session " + std::to_string(token.session_id.value_or(0)) +
           ": only creation is privileged; run elevated or as a service, or use Local\\");
}

void global_open_without_privilege(ScenarioContext& ctx) {
  windows_only(ctx, "Global\\ namespace and no SeCreateGlobalPrivilege");
  RoleClient& owner = ctx.start_role("owner");
  const std::string name = global_name(ctx, "openglobal");
  const auto created = ctx.call(owner, cmd::Create{.name = name, .size = 4096});
  if (!created.ok) {
    ctx.skip("this process cannot create " + name + " itself (" + describe(created) +
             "): it lacks SeCreateGlobalPrivilege, so there is no Global\\ object to open; run elevated");
  }
  auto [role, token] = restricted_role(ctx, "restricted", Restriction::without_global_privilege);
  ctx.require(!platform::find_privilege(token, "SeCreateGlobalPrivilege"), "the restricted role still holds the privilege");
  const auto opened = ctx.call(*role, cmd::Open{.name = name, .access = "read"});
  ctx.expect_clean_success(opened, "opening an existing Global\\ object without SeCreateGlobalPrivilege");
  ctx.note(describe(opened) + ": only creation in Global\\ is privileged");
}

void low_integrity_write_up(ScenarioContext& ctx) {
  windows_only(ctx, "integrity levels");
  RoleClient& owner = ctx.start_role("medium");
  const std::string name = ctx.object_name("writeup");
  create_and_write(ctx, owner, name, 4096, kSampleMessage);
  auto [role, token] = restricted_role(ctx, "low", Restriction::low_integrity);
  if (token.integrity_level != "Low") {
    ctx.skip("not enforced here: a child given the Low mandatory label runs at " + token.integrity_level +
             " integrity (SetTokenInformation changed nothing)" + where(ctx));
  }
  const auto write = ctx.call(*role, cmd::Open{.name = name, .access = "write"});
  ctx.check(!write.ok, "a Low-integrity process opened a Medium object for writing: " + describe(write));
  ctx.expect_code(write, "ERROR_ACCESS_DENIED", "a Low-integrity open for write (no-write-up)");
  const auto read = ctx.call(*role, cmd::Open{.name = name, .access = "read", .slot = "read"});
  ctx.metrics().values["read_open"] = describe(read);
  ctx.note("write: " + describe(write) + "; read, which the DACL decides: " + describe(read));
}

void large_pages_without_privilege(ScenarioContext& ctx) {
  windows_only(ctx, "SEC_LARGE_PAGES and no SeLockMemoryPrivilege");
  // An unrestricted control first: an administrator does not hold SeLockMemoryPrivilege by
  // default, and a held privilege is disabled until enabled, so without a working control the
  // restricted role's 1314 would prove nothing (docs/windows.md).
  LargePagesFacts facts;
  facts.large_page_minimum = platform::large_page_minimum();
  facts.wine = platform::machine_info().wine_version;
  if (facts.large_page_minimum > 0) {
    RoleClient& control = ctx.start_role("control");
    const auto enabled = ctx.call(control, cmd::EnablePrivilege{.name = "SeLockMemoryPrivilege"});
    facts.control_enable = enabled.reply ? enabled.reply->state : "failed: " + describe(enabled);
    const auto made = ctx.call(control, cmd::Create{.name = ctx.object_name("control"), .size = facts.large_page_minimum,
                                                     .large_pages = true});
    facts.control_created = made.ok;
    facts.control_create_code = made.error ? made.error->symbol : "";
    ctx.metrics().values["control"] = "SeLockMemoryPrivilege " + facts.control_enable + "; " + describe(made);
  }
  const auto plan = large_pages_plan(facts);
  if (!plan.run_restricted) ctx.skip(plan.reason);
  const auto page = facts.large_page_minimum;
  auto [role, token] = restricted_role(ctx, "restricted", Restriction::without_lock_memory_privilege);
  ctx.require(!platform::find_privilege(token, "SeLockMemoryPrivilege"), "the restricted role still holds SeLockMemoryPrivilege");
  const auto created = ctx.call(*role, cmd::Create{.name = ctx.object_name("large"), .size = page, .large_pages = true});
  if (created.ok) {
    ctx.skip("not enforced here: SEC_LARGE_PAGES succeeded without SeLockMemoryPrivilege" + where(ctx));
  }
  ctx.expect_code(created, "ERROR_PRIVILEGE_NOT_HELD", "SEC_LARGE_PAGES without SeLockMemoryPrivilege");
  ctx.note(describe(created) + "; " + plan.reason);
}

}  // namespace

void add_privilege(std::vector<Scenario>& out) {
  out.push_back({"privilege/global-create-without-privilege", {"privilege"},
                 "creating Global\\x from a session other than 0 without SeCreateGlobalPrivilege: 5",
                 global_create_without_privilege});
  out.push_back({"privilege/global-open-without-privilege", {"privilege"},
                 "opening an existing Global\\x without SeCreateGlobalPrivilege: ok (only creation is privileged)",
                 global_open_without_privilege});
  out.push_back({"privilege/low-integrity-write-up", {"privilege"},
                 "a Low-integrity process opening a Medium object for write: 5 (no-write-up); read per the DACL",
                 low_integrity_write_up});
  out.push_back({"privilege/large-pages-without-privilege", {"privilege"},
                 "SEC_LARGE_PAGES without SeLockMemoryPrivilege: 1314 ERROR_PRIVILEGE_NOT_HELD",
                 large_pages_without_privilege});
}

}  // namespace shmh::scenarios
