// Open styles as scenarios (issue 24): the ways real callers open a named mapping (a plain open, a
// create-or-open, and the exact calls of Boost, Qt, .NET and Python, from platform/open_styles.h)
// against a section that grants Everyone read only. The create-or-open styles ask for write access
// to an object that exists, and are refused where a plain read open is not.
#include "harness/platform/mask_names.h"
#include "harness/platform/open_styles.h"
#include "harness/platform/security.h"
#include "harness/platform/system_info.h"
#include "scenarios/catalogue.h"
#include "scenarios/steps.h"

namespace shmh::scenarios {
namespace {

using platform::MaskKind;
using platform::Restriction;

// What a handle asking `access` gets from a DACL granting GENERIC_READ: SECTION_MAP_READ and
// SECTION_QUERY (= FILE_MAP_COPY's value) are in it, anything more is denied.
bool read_grant_allows(std::uint32_t access) {
  return (access & ~(platform::mask::kFileMapRead | platform::mask::kFileMapCopy)) == 0;
}

// Runs one style's calls in `caller`, as `diagnose --open-style` does, and checks them against what a
// read-only grant allows. Returns what happened, for the note.
std::string run_style_against_read_grant(ScenarioContext& ctx, RoleClient& caller, const std::string& name,
                                         const platform::OpenStyleSpec& spec, std::uint64_t granularity) {
  const auto plan = platform::plan_open(spec.style, platform::OpenStyleOptions{.size = 4096}, granularity);
  const std::string slot(spec.name);
  const std::string denied = expected(ctx, "ERROR_ACCESS_DENIED", "EACCES");
  const std::string calls = ctx.on_windows() ? std::string() : " (" + plan.posix_flags + ")";
  std::string seen = slot + ": ";
  report::Observation handle;
  bool allowed = false;  // what the read-only grant allows the open the style ends with
  if (plan.call == platform::HandleCall::create_mapping) {
    handle = ctx.call(caller, cmd::Create{.name = name, .size = plan.size, .slot = slot,
                                          .protection = platform::mask_name(plan.protection, MaskKind::protection), .or_open = true});
    // A create of a name that exists opens it asking for all access (Windows: SECTION_ALL_ACCESS;
    // POSIX: O_RDWR), which a read-only grant refuses.
    ctx.expect_code(handle, denied, slot + "'s create-or-open" + calls + " of an object granting read only");
    seen += describe(handle);
    if (!handle.ok && plan.open_after_denied) {
      handle = ctx.call(caller, cmd::Open{.name = name, .slot = slot,
                                          .access_mask = platform::mask_name(*plan.open_after_denied, MaskKind::access)});
      allowed = read_grant_allows(*plan.open_after_denied);
      seen += ", then " + describe(handle);
    }
  } else {
    handle = ctx.call(caller, cmd::Open{.name = name, .slot = slot, .access_mask = platform::mask_name(plan.access, MaskKind::access)});
    allowed = read_grant_allows(plan.access);
    seen += describe(handle);
  }
  if (plan.call == platform::HandleCall::open_mapping || plan.open_after_denied) {
    if (allowed) {
      ctx.expect_clean_success(handle, slot + "'s open asking " + platform::mask_name(plan.open_after_denied.value_or(plan.access), MaskKind::access));
    } else {
      ctx.expect_code(handle, denied, slot + "'s open asking " + platform::mask_name(plan.open_after_denied.value_or(plan.access), MaskKind::access));
    }
  }
  if (!handle.ok) return seen;
  const auto view = ctx.call(caller, cmd::Map{.offset = plan.view_offset, .length = plan.view_size, .slot = slot,
                                              .access_mask = platform::mask_name(plan.view_access, MaskKind::access)});
  ctx.expect_clean_success(view, slot + "'s view asking " + platform::mask_name(plan.view_access, MaskKind::access));
  if (!view.ok) return seen + ", view " + describe(view);
  const auto read = ctx.call(caller, cmd::Read{.slot = slot});
  ctx.check(read.ok && read.reply.text == kSampleMessage, slot + " reads \"" + read.reply.text + "\", not the creator's message");
  return seen + ", view ok, reads \"" + read.reply.text + "\"";
}

void read_only_grant(ScenarioContext& ctx) {
  // On POSIX the caller must be another uid: root could open anything. Mode 0644 is the read-only grant.
  const Restriction caller_kind = ctx.on_windows() ? Restriction::none : Restriction::other_user;
  if (auto unavailable = platform::restriction_unavailable(caller_kind)) ctx.skip(*unavailable);
  RoleClient& creator = ctx.start_role("creator");
  RoleClient& caller = ctx.start_role("caller", caller_kind);
  const std::string name = ctx.object_name("readgrant");
  const auto created = ctx.call(creator, cmd::Create{.name = name, .size = 4096, .sddl = "D:(A;;GR;;;WD)", .mode = 0644});
  ctx.require(created.ok, "cannot create the object granting read only: " + describe(created));
  ctx.require(ctx.call(creator, cmd::Map{.access = "write"}).ok, "the creator cannot map its object");
  ctx.call(creator, cmd::Write{.text = kSampleMessage});
  const auto granularity = platform::machine_info().allocation_granularity;
  std::string note = std::string(ctx.on_windows() ? "D:(A;;GR;;;WD)" : "mode 0644, caller another uid");
  for (const auto& spec : platform::open_styles()) {
    if (!ctx.on_windows() && !spec.posix_none.empty()) continue;  // no named-object form there
    note += "; " + run_style_against_read_grant(ctx, caller, name, spec, granularity ? granularity : 65536);
  }
  ctx.note(note);
}

}  // namespace

void add_open_styles(std::vector<Scenario>& out) {
  out.push_back({"open-style/read-only-grant", {"open-style", "security"},
                 "every open style against a section granting Everyone read only: create-or-open 5 ERROR_ACCESS_DENIED "
                 "(POSIX: 0644, another uid, EACCES), a plain read open ok; each library style as its calls ask",
                 read_only_grant});
}

}  // namespace shmh::scenarios
