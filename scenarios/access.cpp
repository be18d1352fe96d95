// Access scenarios: a read handle mapped writable, a write into a read-only view, a view larger
// than the section, a misaligned offset; DACLs given as SDDL (POSIX: mode bits against another
// uid), squatting on a name, and private namespaces as the fix.
#include "scenarios/catalogue.h"
#include "harness/platform/security.h"
#include "harness/platform/system_info.h"
#include "scenarios/steps.h"

namespace shmh::scenarios {
namespace {

using platform::Restriction;

struct DaclCase {
  const char* id;
  const char* purpose;
  const char* sddl;  // Windows
  unsigned mode;     // POSIX, against another uid
  bool read_allowed;
  bool write_allowed;
};

constexpr DaclCase kDaclCases[] = {
    {"access/dacl-deny-all", "a DACL that denies everyone (POSIX: mode 0000): read 5, write 5", "D:(D;;GA;;;WD)", 0000, false, false},
    {"access/dacl-empty", "an empty DACL (POSIX: 0600, another uid): read 5, write 5", "D:", 0600, false, false},
    {"access/dacl-read-only", "a read-only grant (POSIX: 0644): read ok, write 5", "D:(A;;GR;;;WD)", 0644, true, false},
    {"access/dacl-null", "a NULL DACL (POSIX: 0666): anyone reads and writes", "D:NO_ACCESS_CONTROL", 0666, true, true},
};

void dacl(ScenarioContext& ctx, const DaclCase& c) {
  // On POSIX the opener must be another uid: root could open anything.
  const Restriction opener_kind = ctx.on_windows() ? Restriction::none : Restriction::other_user;
  if (auto unavailable = platform::restriction_unavailable(opener_kind)) ctx.skip(*unavailable);
  RoleClient& creator = ctx.start_role("creator");
  RoleClient& opener = ctx.start_role("opener", opener_kind);
  const std::string name = ctx.object_name("dacl");
  const auto created = ctx.call(creator, cmd::Create{.name = name, .size = 4096, .sddl = c.sddl, .mode = c.mode});
  ctx.require(created.ok, "cannot create the object with " + std::string(ctx.on_windows() ? c.sddl : "its mode") + ": " + describe(created));
  // Probe the precondition: the object must carry the descriptor asked for. (Wine's SDDL parser
  // turns D:NO_ACCESS_CONTROL into an empty DACL, which denies everyone instead of no one.)
  const auto security = ctx.call(creator, cmd::Security{.name = name});
  // Unreadable security is said so (no case expects that text), rather than read as empty.
  const std::string got = security.reply.descriptor ? *security.reply.descriptor : "unreadable (" + describe(security) + ")";
  ctx.metrics().values["descriptor"] = got;
  if (ctx.on_windows() && std::string(c.sddl) == "D:NO_ACCESS_CONTROL" && got == "D:") {
    const auto wine = platform::machine_info().wine_version;
    ctx.skip("this machine cannot make a NULL DACL from SDDL: ConvertStringSecurityDescriptorToSecurityDescriptorW "
             "turned D:NO_ACCESS_CONTROL into an empty DACL (D:), which denies everyone" +
             (wine ? " (Wine " + *wine + ")" : std::string()));
  }
  const std::string denied = expected(ctx, "ERROR_ACCESS_DENIED", "EACCES");
  std::string seen;
  for (const char* access : {"read", "write"}) {
    const bool allowed = std::string(access) == "read" ? c.read_allowed : c.write_allowed;
    const auto opened = ctx.call(opener, cmd::Open{.name = name, .access = access, .slot = access});
    if (allowed) {
      ctx.expect_clean_success(opened, std::string("opening for ") + access);
    } else {
      ctx.check(!opened.ok, std::string("opening for ") + access + " was allowed: " + describe(opened));
      ctx.expect_code(opened, denied, std::string("opening for ") + access);
    }
    seen += std::string(seen.empty() ? "" : "; ") + access + ": " + (opened.error ? opened.error->symbol : "ok");
  }
  ctx.note(seen + " (" + (ctx.on_windows() ? std::string(c.sddl) + ", read back as " + got : "mode " + got) + ")");
}

void squatting(ScenarioContext& ctx) {
  RoleClient& squatter = ctx.start_role("squatter");
  RoleClient& victim = ctx.start_role("victim");
  const std::string name = ctx.object_name("squat");
  // The squatter gets there first, with a DACL that lets it (and anyone) in and a small size.
  const auto planted = ctx.call(squatter, cmd::Create{.name = name, .size = 4096, .sddl = "D:(A;;GA;;;WD)", .mode = 0666});
  ctx.require(planted.ok, "the squatter cannot create: " + describe(planted));
  ctx.call(squatter, cmd::Map{.access = "write"});
  ctx.call(squatter, cmd::Write{.text = "planted by the squatter"});
  const auto created = ctx.call(victim, cmd::Create{.name = name, .size = 65536});
  ctx.expect_code(created, expected(ctx, "ERROR_ALREADY_EXISTS", "EEXIST"),
                  "the victim's create of a squatted name (checking this code is what detects the squatter)");
  std::string note = "victim's create: " + describe(created);
  if (ctx.on_windows() && created.ok) {
    // Without the check the victim would now use the squatter's object: its size, its contents.
    const auto mapped = ctx.call(victim, cmd::Map{.access = "read"});
    const std::string found = read_text(ctx, victim);
    ctx.check(found == "planted by the squatter", "the victim did not land in the squatter's object: read \"" + found + "\"");
    note += "; unchecked, the victim reads \"" + found + "\" from a " + (mapped.reply && mapped.reply->region_size ? std::to_string(*mapped.reply->region_size) : "unknown-size") +
            "-byte object instead of its 65536 bytes";
  }
  if (ctx.on_windows()) {
    // A squatter that denies everyone turns the victim's create into access denied.
    const std::string locked = ctx.object_name("squat-locked");
    ctx.require(ctx.call(squatter, cmd::Create{.name = locked, .size = 4096, .sddl = "D:(D;;GA;;;WD)", .slot = "locked"}).ok,
                "the squatter cannot create the locked object");
    const auto denied = ctx.call(victim, cmd::Create{.name = locked, .size = 4096, .slot = "locked"});
    ctx.expect_code(denied, "ERROR_ACCESS_DENIED", "the victim's create of a name squatted with a deny-all DACL");
    note += "; against a deny-all squatter: " + describe(denied);
  }
  ctx.note(note);
}

void private_namespace(ScenarioContext& ctx) {
  if (!ctx.on_windows()) ctx.skip("POSIX has no private namespaces: shm_open with O_EXCL, checking EEXIST, is the defence");
  if (!platform::private_namespaces_available()) {
    const auto wine = platform::machine_info().wine_version;
    ctx.skip("CreatePrivateNamespaceW is not available here" + (wine ? " (Wine " + *wine + " lacks private namespaces)" : std::string()));
  }
  RoleClient& squatter = ctx.start_role("squatter");
  RoleClient& victim = ctx.start_role("victim");
  const std::string name = ctx.object_name("private");
  ctx.require(ctx.call(squatter, cmd::Create{.name = name, .size = 4096}).ok, "the squatter cannot create");
  const auto ns = ctx.call(victim, cmd::PrivateNamespace{.boundary = name.substr(6) + "-boundary", .alias = name.substr(6) + "-ns"});
  ctx.require(ns.ok, "cannot create the private namespace: " + describe(ns));
  const std::string inside = ns.reply->prefix + "object";
  const auto created = ctx.call(victim, cmd::Create{.name = inside, .size = 4096});
  ctx.expect_clean_success(created, "creating inside the private namespace, squatter or not");
  ctx.note("inside the private namespace: " + describe(created));
}

void read_handle_mapped_writable(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("rohandle");
  RoleClient& first = ctx.start_role("first");
  RoleClient& second = ctx.start_role("second");
  create_and_write(ctx, first, name, 4096, kSampleMessage);
  ctx.require(ctx.call(second, cmd::Open{.name = name, .access = "read"}).ok, "second cannot open for reading");
  const auto mapped = ctx.call(second, cmd::Map{.access = "write"});
  ctx.check(!mapped.ok, "a read-only handle was mapped writable: " + describe(mapped));
  ctx.expect_code(mapped, expected(ctx, "ERROR_ACCESS_DENIED", "EACCES"), "a writable view of a FILE_MAP_READ handle");
  ctx.note(describe(mapped));
}

void write_into_read_only_view(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("roview");
  RoleClient& first = ctx.start_role("first");
  RoleClient& second = ctx.start_role("second");
  create_and_write(ctx, first, name, 4096, kSampleMessage);
  ctx.require(open_and_read(ctx, second, name) == kSampleMessage, "second could not read the message");
  const auto status = ctx.expect_death(second, cmd::Write{.text = "overwrite"});
  if (ctx.on_windows()) {
    ctx.check(!status.by_signal && static_cast<std::uint32_t>(status.code) == 0xC0000005u,
              "the write ended the role with " + status.describe() + ", not 0xC0000005");
  } else {
    ctx.check(status.by_signal && status.code == 11, "the write ended the role with " + status.describe() + ", not SIGSEGV");
  }
  ctx.check(read_text(ctx, first) == kSampleMessage, "the faulting write changed the object");
  ctx.note("the role died with " + status.describe() + " (reported, no debugger, no dialog); the object is unchanged");
}

void view_larger_than_section(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("short");
  RoleClient& first = ctx.start_role("first");
  RoleClient& second = ctx.start_role("second");
  create_and_write(ctx, first, name, 4096, kSampleMessage);
  ctx.require(ctx.call(second, cmd::Open{.name = name, .access = "write"}).ok, "second cannot open");
  const auto mapped = ctx.call(second, cmd::Map{.access = "read", .length = 65536});
  if (ctx.on_windows()) {
    ctx.check(!mapped.ok, "a view larger than the section was mapped: " + describe(mapped));
    ctx.expect_code(mapped, "ERROR_ACCESS_DENIED", "a 64 KiB view of a 4 KiB section");
    ctx.note(describe(mapped));
    return;
  }
  // POSIX maps it; touching a page past the end of the object raises SIGBUS.
  ctx.expect_clean_success(mapped, "mmap past the end of the object");
  const auto status = ctx.expect_death(second, cmd::Read{.offset = 32768});
  ctx.check(status.by_signal && status.code == 7, "reading past the end ended the role with " + status.describe() + ", not SIGBUS");
  ctx.note("mmap of 64 KiB over 4 KiB succeeded; reading past the end: " + status.describe());
}

void misaligned_offset(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("aligned");
  RoleClient& first = ctx.start_role("first");
  RoleClient& second = ctx.start_role("second");
  create_and_write(ctx, first, name, 256 * 1024, kSampleMessage);
  ctx.require(ctx.call(second, cmd::Open{.name = name, .access = "read"}).ok, "second cannot open");
  const auto mapped = ctx.call(second, cmd::Map{.access = "read", .offset = 100, .length = 4096});
  ctx.check(!mapped.ok, "a view at offset 100 was mapped: " + describe(mapped));
  ctx.expect_code(mapped, expected(ctx, "ERROR_MAPPED_ALIGNMENT", "EINVAL"), "a view offset that is not a multiple of the granularity");
  ctx.note("offset 100: " + describe(mapped));
}

}  // namespace

void add_access(std::vector<Scenario>& out) {
  out.push_back({"access/read-handle-mapped-writable", {"access"},
                 "a FILE_MAP_READ handle mapped writable: 5 ERROR_ACCESS_DENIED (POSIX EACCES)", read_handle_mapped_writable});
  out.push_back({"access/write-into-read-only-view", {"access"},
                 "a write into a read-only view: 0xC0000005 in the role, reported (POSIX SIGSEGV)", write_into_read_only_view});
  out.push_back({"access/view-larger-than-section", {"access"},
                 "a view larger than the section: 5 (POSIX: mapped, SIGBUS past the end)", view_larger_than_section});
  out.push_back({"access/misaligned-offset", {"access"},
                 "a view offset that is not a multiple of the allocation granularity: 1132 (POSIX EINVAL)", misaligned_offset});
  for (const auto& c : kDaclCases) {
    out.push_back({c.id, {"access", "security"}, c.purpose, [&c](ScenarioContext& ctx) { dacl(ctx, c); }});
  }
  out.push_back({"access/squatting", {"access", "security"},
                 "another process created the name first with its own DACL and size: 183 (which must be checked) or 5",
                 squatting});
  out.push_back({"access/private-namespace-fix", {"access", "security"},
                 "a private namespace defeats the squatter: the create inside it is a fresh object", private_namespace});
}

}  // namespace shmh::scenarios
