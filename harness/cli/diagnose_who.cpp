// `diagnose --who`: who may open the section that holds a name (or a descriptor given as --sddl),
// with the FILE_MAP_* rights each principal gets, computed from the DACL (POSIX: the mode bits).
#include <chrono>
#include <iomanip>
#include <iostream>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/orchestrator/role_client.h"
#include "harness/platform/acl_rights.h"
#include "harness/platform/mask_names.h"
#include "harness/platform/open_styles.h"
#include "harness/platform/security.h"
#include "harness/platform/shared_memory.h"
#include "harness/platform/system_info.h"
#include "harness/platform/this_process.h"

namespace shmh {
namespace {

using namespace std::chrono_literals;

const std::uint32_t kCreateOrOpen = platform::create_or_open_rights(0x04);  // what CreateFileMappingW(PAGE_READWRITE) asks of an existing section

nlohmann::json rights_json(const platform::PrincipalRights& p, bool windows) {
  nlohmann::json j = {{"principal", p.principal}, {"sid", p.sid}, {"rights", platform::mask_name(p.rights, platform::MaskKind::access)},
                      {"read", (p.rights & 0x4) != 0}, {"write", (p.rights & 0x2) != 0}};
  if (windows) j["create_or_open"] = (p.rights & kCreateOrOpen) == kCreateOrOpen;
  return j;
}

void print_rights(const std::vector<platform::PrincipalRights>& rights, bool windows) {
  for (const auto& p : rights) {
    std::cout << "  " << std::left << std::setw(28) << p.principal << " read " << ((p.rights & 0x4) ? "yes" : "no ") << "  write "
              << ((p.rights & 0x2) ? "yes" : "no ");
    if (windows) std::cout << "  create-or-open " << (((p.rights & kCreateOrOpen) == kCreateOrOpen) ? "yes" : "no ");
    std::cout << "  (" << platform::mask_name(p.rights, platform::MaskKind::access) << ")\n";
  }
}

}  // namespace

int diagnose_who(const DiagnoseOptions& options) {
  std::string sddl = options.sddl.value_or("");
  std::string owner;
  std::string kind = "descriptor given with --sddl";
  bool windows_rules = options.sddl.has_value() || platform::backend() == platform::Backend::windows;
  // The object's own descriptor as AccessCheck judges it for this user's token (Windows): the
  // table below is computed for well-known principals; this is the OS's answer for this caller.
  std::optional<std::uint32_t> granted_here;
  if (!options.sddl) {
    RoleClient role(platform::self_executable_path(), "who", nullptr);
    try {
      const auto security = role.call(cmd::Security{.name = options.name}, 10s);
      role.finish(5s);
      if (security.reply.kind.empty()) {
        std::cout << "who may open " << options.name << ": nothing holds this name\n";
        return kExitFailed;
      }
      if (!security.reply.descriptor) {
        std::cout << "who may open " << options.name << ": its security cannot be read from here (" << security.api << ")\n";
        return kExitFailed;
      }
      kind = "a " + security.reply.kind;
      sddl = *security.reply.descriptor;
      granted_here = security.reply.granted_here;
      owner = security.reply.owner.value_or("");
    } catch (const RoleFailure& error) {
      std::cerr << "shm-harness: diagnose --who could not read the object's security: " << error.what() << "\n";
      return kExitFailed;
    }
  }
  std::vector<platform::PrincipalRights> rights;
  std::vector<std::string> warnings;
  if (windows_rules) {
    std::string error;
    const auto parsed = platform::parse_sddl(sddl, error);
    if (!parsed) throw UsageError{"invalid --sddl '" + sddl + "': " + error};
    rights = platform::who_may_open(*parsed);
    warnings = platform::descriptor_warnings(rights);
  } else {
    const unsigned mode = static_cast<unsigned>(std::stoul(sddl, nullptr, 8));
    rights = platform::who_may_open_posix(mode, owner.empty() ? "(unknown)" : owner, "(the object's group)");
    if (mode & 02) warnings.push_back("others can write: any user on this machine can change the contents");
    if ((mode & 044) == 0) warnings.push_back("nobody but the owner can open it");
  }
  if (options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : rights) list.push_back(rights_json(p, windows_rules));
    nlohmann::json j{{"name", options.name}, {"object", kind}, {"descriptor", sddl}, {"principals", list}, {"warnings", warnings}};
    if (granted_here) {
      j["this_token"] = rights_json({platform::current_token().user + " (this token, AccessCheck)", "", *granted_here}, true);
    }
    std::cout << j.dump(2) << std::endl;
    return kExitPassed;
  }
  std::cout << "who may open " << (options.sddl ? std::string("a section with ") : options.name + ", " + kind + ", ")
            << (windows_rules ? "DACL " : "mode ") << sddl << (owner.empty() ? "" : ", owner " + owner) << "\n";
  print_rights(rights, windows_rules);
  if (granted_here) {
    std::cout << "this token, as AccessCheck answers for the object's whole descriptor (owner, DACL, integrity label):\n";
    print_rights({{platform::current_token().user, "", *granted_here}}, true);
  }
  if (!warnings.empty()) {
    std::cout << "warnings:\n";
    for (const auto& w : warnings) std::cout << "  - " << w << "\n";
  }
  return kExitPassed;
}

}  // namespace shmh
