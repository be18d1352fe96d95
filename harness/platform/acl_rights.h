// Who may open a section: a DACL parsed from SDDL, evaluated for well-known principals with the
// Windows rules (ACEs in order, a deny before an allow wins, generic rights mapped to section
// rights), and the POSIX twin from mode bits. Plain functions over parsed data, no OS call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shmh::platform {

struct Ace {
  bool allow = true;
  std::string sid;          // as SDDL writes it: "WD", "AU", "S-1-5-21-..."
  std::uint32_t mask = 0;   // as written: generic bits are mapped when evaluated
};

struct ParsedDescriptor {
  std::optional<std::string> owner;  // "O:" part, when present
  bool null_dacl = false;            // "D:NO_ACCESS_CONTROL" or no "D:" at all: anyone gets everything
  std::vector<Ace> dacl;             // empty and !null_dacl: nobody gets anything
};

// "O:BAD:(A;;GR;;;WD)(D;;GW;;;AU)" -> the owner and the DACL's ACEs. Flags and SACL parts are
// skipped. Nothing, with `error` set, for ACE types other than A and D or unknown rights.
std::optional<ParsedDescriptor> parse_sddl(std::string_view sddl, std::string& error);

// GENERIC_READ -> READ_CONTROL|SECTION_QUERY|SECTION_MAP_READ, GENERIC_WRITE -> READ_CONTROL|
// SECTION_MAP_WRITE, GENERIC_EXECUTE -> READ_CONTROL|SECTION_MAP_EXECUTE, GENERIC_ALL -> SECTION_ALL_ACCESS.
std::uint32_t map_generic_section_rights(std::uint32_t mask);

// The rights a token holding `sids` (a user and its groups, as SDDL SIDs) gets from the DACL:
// every ACE naming one of them, in order; a bit denied before it is allowed stays denied.
std::uint32_t granted_rights(const ParsedDescriptor& descriptor, const std::vector<std::string>& sids, bool is_owner);

struct PrincipalRights {
  std::string principal;  // "Everyone", "Authenticated Users", "owner (BA)", "S-1-5-21-..."
  std::string sid;
  std::uint32_t rights = 0;
};

// Everyone, Authenticated Users, INTERACTIVE, Administrators, SYSTEM, the owner, and every other
// SID the DACL names, each with the groups such a token holds.
std::vector<PrincipalRights> who_may_open(const ParsedDescriptor& descriptor);

// Warnings about a descriptor: Everyone can write; nobody but the owner can open.
std::vector<std::string> descriptor_warnings(const std::vector<PrincipalRights>& rights);

// POSIX: owner, group and others from mode bits, in the same encoding (read -> FILE_MAP_READ,
// write -> FILE_MAP_WRITE).
std::vector<PrincipalRights> who_may_open_posix(unsigned mode, const std::string& owner, const std::string& group);

}  // namespace shmh::platform
