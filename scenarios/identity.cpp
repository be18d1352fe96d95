// Identity scenarios: who opens decides. Windows: an AppContainer opener, which only a DACL that
// grants ALL APPLICATION PACKAGES (or the container's SID) lets in, and the filtered token UAC
// gives an administrator, whose Administrators SID is deny-only. POSIX twins: roles running as
// other uids and gids against mode bits. Each runs where this machine can make the identity and
// is skipped with the probe's reason where it cannot.
#include "scenarios/catalogue.h"
#include "harness/platform/identity.h"
#include "harness/platform/system_info.h"
#include "harness/platform/this_process.h"
#include "scenarios/steps.h"

namespace shmh::scenarios {
namespace {

using platform::Identity;
using platform::PosixAccount;
using platform::Restriction;

// Accounts for the POSIX twins: numbers with no passwd entry (the kernel checks numbers), so no
// real user's files are involved. A and B are different users; kShared is a group both can have.
constexpr std::uint32_t kUidA = 61001, kUidB = 61002, kUidC = 61003;
constexpr std::uint32_t kShared = 61000;

std::string wine_note() {
  const auto wine = platform::machine_info().wine_version;
  return wine ? " (Wine " + *wine + ")" : "";
}

RoleClient& start_as(ScenarioContext& ctx, const std::string& role, const Identity& identity) {
  if (auto unavailable = platform::identity_unavailable(identity)) ctx.skip(*unavailable);
  RoleClient* start = nullptr;
  try {
    start = &ctx.start_role(role, identity);
  } catch (const RoleFailure& failure) {
    if (identity.restriction != Restriction::app_container) throw;
    // Microsoft Learn, "Implement an AppContainer": unmodified ACLs keep an AppContainer out; its
    // executable, folder and DLLs must grant ALL APPLICATION PACKAGES (or the container's SID) read
    // and execute. A build folder under a user profile or a CI workspace usually does not, and the
    // child then cannot be created (5) or dies loading (0xC0000022).
    const std::string exe = platform::self_executable_path();
    const std::string folder = exe.substr(0, exe.find_last_of("\\/"));
    ctx.skip(std::string("the AppContainer child could not start: ") + failure.what() +
             ". An AppContainer may only run an executable whose file and folder grant ALL APPLICATION PACKAGES read "
             "and execute; grant it (icacls \"" + folder + "\" /grant *S-1-15-2-1:(OI)(CI)(RX)) or run from a folder that does");
  }
  RoleClient& started = *start;
  const auto token = ctx.call(started, cmd::Token{});
  const auto& info = token.reply.token;
  ctx.metrics().values[role + "_identity"] =
      platform::identity_name(identity) + ": " + (info.user.empty() ? "uid " + std::to_string(info.uid) : info.user) +
      (info.gid >= 0 ? " gid " + std::to_string(info.gid) : "") +
      (info.integrity_level.empty() ? "" : ", " + info.integrity_level + " integrity");
  return started;
}

// One open for `access`, its code in the notes; `allowed` says what the rule predicts.
std::string open_as(ScenarioContext& ctx, RoleClient& role, const std::string& name, const char* access, bool allowed,
                    const std::string& rule) {
  const auto opened = ctx.call(role, cmd::Open{.name = name, .access = access, .slot = access});
  if (allowed) {
    ctx.expect_clean_success(opened, std::string("opening for ") + access + " (" + rule + ")");
  } else {
    ctx.check(!opened.ok, std::string("opening for ") + access + " was allowed (" + rule + "): " + describe(opened));
    ctx.expect_code(opened, expected(ctx, "ERROR_ACCESS_DENIED", "EACCES"), std::string("opening for ") + access + " (" + rule + ")");
  }
  return std::string(access) + ": " + (opened.error ? std::to_string(opened.error->code) + " " + opened.error->symbol : "ok");
}

// --- POSIX twins ------------------------------------------------------------------------------

// Creator runs as uid A, the opener as uid B; the object's mode decides.
void posix_mode_against_other_uid(ScenarioContext& ctx, unsigned mode, std::uint32_t opener_gid, bool read_allowed) {
  RoleClient& creator = start_as(ctx, "creator", Identity::posix(PosixAccount{kUidA, kShared, ""}));
  RoleClient& opener = start_as(ctx, "opener", Identity::posix(PosixAccount{kUidB, opener_gid, ""}));
  const std::string name = ctx.object_name("mode");
  const auto created = ctx.call(creator, cmd::Create{.name = name, .size = 4096, .mode = mode});
  ctx.require(created.ok, "uid " + std::to_string(kUidA) + " cannot create the object: " + describe(created));
  const auto security = ctx.call(creator, cmd::Security{.name = name});
  const std::string got = security.reply.descriptor ? *security.reply.descriptor : "unreadable (" + describe(security) + ")";
  ctx.metrics().values["mode"] = got;
  const std::string rule = "mode " + got + ", owner uid " + std::to_string(kUidA) + " gid " + std::to_string(kShared) +
                           ", opener uid " + std::to_string(kUidB) + " gid " + std::to_string(opener_gid);
  std::string seen = open_as(ctx, opener, name, "read", read_allowed, rule);
  seen += "; " + open_as(ctx, opener, name, "write", false, rule);
  ctx.note(seen + " (" + rule + ")");
}

// The group grants; a member (uid C, group shared) opens, a non-member (uid B) does not.
void posix_group_grant(ScenarioContext& ctx) {
  RoleClient& creator = start_as(ctx, "creator", Identity::posix(PosixAccount{kUidA, kShared, ""}));
  RoleClient& member = start_as(ctx, "member", Identity::posix(PosixAccount{kUidC, kShared, ""}));
  RoleClient& outsider = start_as(ctx, "outsider", Identity::posix(PosixAccount{kUidB, kUidB, ""}));
  const std::string name = ctx.object_name("group");
  const auto created = ctx.call(creator, cmd::Create{.name = name, .size = 4096, .mode = 0060});
  ctx.require(created.ok, "uid " + std::to_string(kUidA) + " cannot create the object: " + describe(created));
  const std::string rule = "mode 0060 (the group only), group " + std::to_string(kShared);
  const std::string control = open_as(ctx, member, name, "read", true, rule + ", opener in the group");
  const std::string denied = open_as(ctx, outsider, name, "read", false, rule + ", opener not in the group");
  ctx.note("member uid " + std::to_string(kUidC) + " " + control + "; outsider uid " + std::to_string(kUidB) + " " + denied +
           " (" + rule + ")");
}

// --- Windows ----------------------------------------------------------------------------------

// Microsoft's documentation (GetAppContainerNamedObjectPath, Remarks): "by default, named objects
// in the user's or global session are not accessible to Windows Store apps", each app container
// "has its own named object path" (\Sessions\N\AppContainerNamedObjects\<container SID>), and the
// page's sample makes an object an app can use by granting the ALL APPLICATION PACKAGES SID
// (S-1-15-2-1, SDDL "AC") in its DACL. So a Local\ name opened from an AppContainer names an
// object in the container's own path, not the session's: the harness's object is not found there
// (expected 2, recorded below as observed, not asserted). The DACL case uses Global\, which
// reaches \BaseNamedObjects from inside a container too, where the DACL decides. Only read is
// asked: an AppContainer runs at Low integrity, so a write open of a Medium object is refused by
// no-write-up whatever the DACL says.
void app_container_open(ScenarioContext& ctx, const char* sddl, bool read_allowed) {
  if (auto unavailable = platform::identity_unavailable(Restriction::app_container)) ctx.skip(*unavailable);
  RoleClient& owner = ctx.start_role("owner");
  const std::string tail = ctx.object_name("ac").substr(6);
  const std::string global = "Global\\" + tail;
  const auto created = ctx.call(owner, cmd::Create{.name = global, .size = 4096, .sddl = sddl});
  if (!created.ok) {
    ctx.skip("this process cannot create " + global + " (" + describe(created) +
             "): it lacks SeCreateGlobalPrivilege, and only a Global\\ name reaches outside the container; run elevated");
  }
  const std::string local = "Local\\" + tail;
  ctx.require(ctx.call(owner, cmd::Create{.name = local, .size = 4096, .sddl = sddl, .slot = "local"}).ok,
              "cannot create " + local);
  RoleClient& container = start_as(ctx, "container", Restriction::app_container);
  const std::string rule = std::string("DACL ") + sddl + ", opener in an AppContainer";
  const std::string seen = open_as(ctx, container, global, "read", read_allowed, rule);
  const auto by_local = ctx.call(container, cmd::Open{.name = local, .access = "read", .slot = "local"});
  ctx.metrics().values["local_name_from_container"] = describe(by_local);
  ctx.note("Global\\: " + seen + "; the same DACL under Local\\ from the container: " + describe(by_local) + " (" + rule + ")");
}

// The filtered token's BUILTIN\Administrators is deny-only: a DACL that grants only
// Administrators lets the elevated administrator in and the filtered one not.
void filtered_admin_open(ScenarioContext& ctx) {
  if (auto unavailable = platform::identity_unavailable(Restriction::filtered_admin)) ctx.skip(*unavailable);
  RoleClient& admin = ctx.start_role("admin");
  const std::string name = ctx.object_name("admins");
  const char* sddl = "D:(A;;GA;;;BA)";
  ctx.require(ctx.call(admin, cmd::Create{.name = name, .size = 4096, .sddl = sddl}).ok, "cannot create the object");
  // The control: the administrator as it runs opens; without that the filtered 5 would prove nothing.
  const auto control = ctx.call(admin, cmd::Open{.name = name, .access = "read", .slot = "control"});
  if (!control.ok) ctx.skip("the administrator itself cannot open a section whose DACL grants Administrators: " + describe(control));
  RoleClient& filtered = start_as(ctx, "filtered", Restriction::filtered_admin);
  const auto opened = ctx.call(filtered, cmd::Open{.name = name, .access = "read"});
  const auto wine = platform::machine_info().wine_version;
  if (opened.ok && wine) {
    ctx.skip("not enforced here: a child whose BUILTIN\\Administrators is deny-only opened a section whose DACL (" +
             std::string(sddl) + ") grants only Administrators" + wine_note());
  }
  ctx.check(!opened.ok, "the filtered administrator opened a section whose DACL grants only Administrators: " + describe(opened));
  ctx.expect_code(opened, "ERROR_ACCESS_DENIED", "the filtered administrator's open (Administrators deny-only)");
  ctx.note("elevated: " + describe(control) + "; filtered: " + describe(opened) + " (DACL " + sddl + ")");
}

void app_container_denied(ScenarioContext& ctx) {
  if (!ctx.on_windows()) return posix_mode_against_other_uid(ctx, 0600, kUidB, false);
  app_container_open(ctx, "D:(A;;GR;;;WD)", false);
}

void app_container_granted(ScenarioContext& ctx) {
  if (!ctx.on_windows()) return posix_mode_against_other_uid(ctx, 0640, kShared, true);
  app_container_open(ctx, "D:(A;;GR;;;WD)(A;;GR;;;AC)", true);
}

void filtered_admin(ScenarioContext& ctx) {
  if (!ctx.on_windows()) return posix_group_grant(ctx);
  filtered_admin_open(ctx);
}

}  // namespace

void add_identity(std::vector<Scenario>& out) {
  out.push_back({"identity/app-container-without-ac-grant", {"identity", "security"},
                 "an AppContainer opens a section whose DACL grants Everyone read but not ALL APPLICATION PACKAGES: 5 "
                 "(POSIX: mode 0600 of uid A, opened by uid B: EACCES)",
                 app_container_denied});
  out.push_back({"identity/app-container-with-ac-grant", {"identity", "security"},
                 "the DACL also grants ALL APPLICATION PACKAGES (AC) read: the AppContainer opens for read (POSIX: mode 0640, "
                 "a shared gid: read opens, write EACCES)",
                 app_container_granted});
  out.push_back({"identity/filtered-admin-admins-only", {"identity", "security"},
                 "a section whose DACL grants only Administrators: the elevated administrator opens, its filtered (UAC) "
                 "token gets 5, Administrators being deny-only (POSIX: mode 0060, a group member opens, a non-member EACCES)",
                 filtered_admin});
}

}  // namespace shmh::scenarios
