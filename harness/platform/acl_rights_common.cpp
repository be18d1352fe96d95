// DACL evaluation for sections (OS-independent): SDDL in, rights per principal out.
#include "harness/platform/acl_rights.h"

#include <algorithm>
#include <array>

namespace shmh::platform {
namespace {

constexpr std::uint32_t kAclReadControl = 0x20000, kAclWriteDac = 0x40000, kAclDelete = 0x10000, kAclWriteOwner = 0x80000;
constexpr std::uint32_t kAclSectionQuery = 0x1, kAclMapWrite = 0x2, kAclMapRead = 0x4, kAclMapExecute = 0x8, kAclSectionAll = 0xF001F;
constexpr std::uint32_t kAclGenericRead = 0x80000000, kAclGenericWrite = 0x40000000, kAclGenericExecute = 0x20000000, kAclGenericAll = 0x10000000;

struct RightName {
  std::string_view code;
  std::uint32_t bits;
};
// SDDL's two-letter rights; the directory-service ones keep their bit values (0x1..0x100).
constexpr std::array<RightName, 17> kAclRights{{{"GA", kAclGenericAll}, {"GR", kAclGenericRead}, {"GW", kAclGenericWrite},
                                             {"GX", kAclGenericExecute}, {"RC", kAclReadControl}, {"SD", kAclDelete},
                                             {"WD", kAclWriteDac}, {"WO", kAclWriteOwner}, {"CC", 0x1}, {"DC", 0x2},
                                             {"LC", 0x4}, {"SW", 0x8}, {"RP", 0x10}, {"WP", 0x20}, {"DT", 0x40},
                                             {"LO", 0x80}, {"CR", 0x100}}};

std::optional<std::uint32_t> parse_rights(std::string_view text) {
  if (text.rfind("0x", 0) == 0 || text.rfind("0X", 0) == 0) {
    try {
      return static_cast<std::uint32_t>(std::stoul(std::string(text.substr(2)), nullptr, 16));
    } catch (...) {
      return std::nullopt;
    }
  }
  std::uint32_t bits = 0;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const auto code = text.substr(i, 2);
    const auto it = std::find_if(kAclRights.begin(), kAclRights.end(), [&](const RightName& r) { return r.code == code; });
    if (it == kAclRights.end()) return std::nullopt;
    bits |= it->bits;
  }
  return bits;
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == sep) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

bool holds(const std::vector<std::string>& sids, const std::string& sid) { return std::find(sids.begin(), sids.end(), sid) != sids.end(); }

}  // namespace

std::optional<ParsedDescriptor> parse_sddl(std::string_view sddl, std::string& error) {
  ParsedDescriptor d;
  d.null_dacl = true;  // no D: part at all: no DACL, which grants everyone everything
  std::size_t i = 0;
  while (i < sddl.size()) {
    if (i + 1 >= sddl.size() || sddl[i + 1] != ':') {
      error = "expected O:, G:, D: or S: at '" + std::string(sddl.substr(i)) + "'";
      return std::nullopt;
    }
    const char part = sddl[i];
    std::size_t end = i + 2;
    // A part runs to the next "X:" that is not inside parentheses.
    int depth = 0;
    while (end < sddl.size()) {
      if (sddl[end] == '(') ++depth;
      if (sddl[end] == ')') --depth;
      if (depth == 0 && end + 1 < sddl.size() && sddl[end + 1] == ':' && std::string_view("OGDS").find(sddl[end]) != std::string_view::npos &&
          sddl[end - 1] != ';')
        break;
      ++end;
    }
    const auto body = sddl.substr(i + 2, end - i - 2);
    if (part == 'O') d.owner = std::string(body);
    if (part == 'D') {
      d.null_dacl = body.find("NO_ACCESS_CONTROL") != std::string_view::npos;
      std::size_t p = body.find('(');
      while (p != std::string_view::npos) {
        const auto close = body.find(')', p);
        if (close == std::string_view::npos) {
          error = "an ACE is not closed with ')'";
          return std::nullopt;
        }
        const auto fields = split(body.substr(p + 1, close - p - 1), ';');
        if (fields.size() < 6) {
          error = "an ACE needs 6 fields (type;flags;rights;object;inherited object;sid)";
          return std::nullopt;
        }
        if (fields[0] != "A" && fields[0] != "D") {
          error = "ACE type '" + std::string(fields[0]) + "' is not A (allow) or D (deny)";
          return std::nullopt;
        }
        const auto rights = parse_rights(fields[2]);
        if (!rights) {
          error = "unknown rights '" + std::string(fields[2]) + "'";
          return std::nullopt;
        }
        d.dacl.push_back({fields[0] == "A", std::string(fields[5]), *rights});
        p = body.find('(', close);
      }
    }
    i = end;
  }
  return d;
}

std::uint32_t map_generic_section_rights(std::uint32_t mask) {
  std::uint32_t out = mask & ~(kAclGenericRead | kAclGenericWrite | kAclGenericExecute | kAclGenericAll);
  if (mask & kAclGenericRead) out |= kAclReadControl | kAclSectionQuery | kAclMapRead;
  if (mask & kAclGenericWrite) out |= kAclReadControl | kAclMapWrite;
  if (mask & kAclGenericExecute) out |= kAclReadControl | kAclMapExecute;
  if (mask & kAclGenericAll) out |= kAclSectionAll;
  return out;
}

std::uint32_t granted_rights(const ParsedDescriptor& d, const std::vector<std::string>& sids, bool is_owner) {
  if (d.null_dacl) return kAclSectionAll;
  std::uint32_t granted = 0, denied = 0;
  // The owner may always read and change the DACL (granted before the ACEs are walked, so no
  // deny takes it back), unless an OWNER RIGHTS (OW) ACE replaces that.
  const bool owner_rights_ace = std::any_of(d.dacl.begin(), d.dacl.end(), [](const Ace& a) { return a.sid == "OW"; });
  if (is_owner && !owner_rights_ace) granted = kAclReadControl | kAclWriteDac;
  for (const auto& ace : d.dacl) {
    const bool applies = holds(sids, ace.sid) || (is_owner && ace.sid == "OW");
    if (!applies) continue;
    const auto bits = map_generic_section_rights(ace.mask) & kAclSectionAll;
    if (ace.allow) {
      granted |= bits & ~denied;
    } else {
      denied |= bits & ~granted;
    }
  }
  return granted;
}

std::vector<PrincipalRights> who_may_open(const ParsedDescriptor& d) {
  struct Known {
    const char* name;
    const char* sid;
    std::vector<std::string> groups;
  };
  const std::vector<Known> known = {
      {"Everyone (no other group)", "WD", {"WD"}},
      {"Authenticated Users", "AU", {"WD", "AU"}},
      {"INTERACTIVE", "IU", {"WD", "AU", "IU"}},
      {"Administrators (elevated)", "BA", {"WD", "AU", "BA"}},
      {"SYSTEM", "SY", {"WD", "AU", "BA", "SY"}},
  };
  std::vector<PrincipalRights> out;
  for (const auto& k : known) out.push_back({k.name, k.sid, granted_rights(d, k.groups, d.owner && *d.owner == k.sid)});
  if (d.owner) {
    out.push_back({"owner (" + *d.owner + ")", *d.owner, granted_rights(d, {"WD", "AU", *d.owner}, true)});
  }
  for (const auto& ace : d.dacl) {
    const bool listed = std::any_of(out.begin(), out.end(), [&](const PrincipalRights& p) { return p.sid == ace.sid; });
    if (listed || ace.sid == "OW" || ace.sid == "CO") continue;
    out.push_back({ace.sid, ace.sid, granted_rights(d, {"WD", "AU", ace.sid}, false)});
  }
  return out;
}

std::vector<std::string> descriptor_warnings(const std::vector<PrincipalRights>& rights) {
  std::vector<std::string> warnings;
  for (const auto& p : rights) {
    if (p.sid == "WD" && (p.rights & kAclMapWrite)) warnings.push_back("Everyone can write: any process, even an anonymous one, can change the contents");
  }
  const bool anyone_else = std::any_of(rights.begin(), rights.end(), [](const PrincipalRights& p) {
    return p.principal.rfind("owner", 0) != 0 && p.sid != "SY" && (p.rights & kAclMapRead);
  });
  if (!anyone_else) warnings.push_back("nobody but the creator/owner (and SYSTEM) can open it for read");
  return warnings;
}

std::vector<PrincipalRights> who_may_open_posix(unsigned mode, const std::string& owner, const std::string& group) {
  auto rights = [](unsigned bits) { return ((bits & 4u) ? kAclMapRead : 0u) | ((bits & 2u) ? kAclMapWrite : 0u); };
  return {{"owner " + owner, owner, rights(mode >> 6)}, {"group " + group, group, rights(mode >> 3)}, {"others", "", rights(mode)}};
}

}  // namespace shmh::platform
