// The role commands about who it is and what guards an object, and their replies.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "harness/platform/security.h"
#include "harness/protocol/mapping_commands.h"

namespace shmh::cmd {

// The role's token; on the wire, the fields token_to_json writes.
struct TokenReply {
  platform::TokenInfo token;
};
void to_json(nlohmann::json& j, const TokenReply& reply);
// Requires the fields every backend reports (user, integrity_level, privileges, service).
void from_json(const nlohmann::json& j, TokenReply& reply);

struct Token : wire::Empty {
  static constexpr std::string_view op = "token";
  using Reply = TokenReply;
};

struct SecurityReply {
  std::string kind;  // what holds the name ("" when nothing does)
  // Only when the security could be read.
  std::optional<std::string> owner{};
  std::optional<std::string> descriptor{};  // SDDL on Windows, the mode bits on POSIX
  // Windows: what AccessCheck grants this role's token on the whole descriptor (section rights).
  std::optional<std::uint32_t> granted_here{};
  friend bool operator==(const SecurityReply&, const SecurityReply&) = default;
};
SHMH_WIRE_TYPE(SecurityReply, kind, owner, descriptor, granted_here)

// Reads the owner and DACL (POSIX: owner and mode) of the object `name`.
struct Security {
  std::string name;
  static constexpr std::string_view op = "security";
  using Reply = SecurityReply;
  friend bool operator==(const Security&, const Security&) = default;
};
SHMH_WIRE_TYPE(Security, name)

// What enabling a privilege in the role's own token found: "enabled", "not held" (1300
// ERROR_NOT_ALL_ASSIGNED: the account lacks it), "not applicable" (POSIX). A failure of the
// call itself is the observation's error, with no reply.
struct EnablePrivilegeReply {
  std::string state;
  friend bool operator==(const EnablePrivilegeReply&, const EnablePrivilegeReply&) = default;
};
SHMH_WIRE_TYPE(EnablePrivilegeReply, state)

struct EnablePrivilege {
  std::string name;  // "SeLockMemoryPrivilege"
  static constexpr std::string_view op = "enable_privilege";
  using Reply = EnablePrivilegeReply;
  static constexpr bool details_only_when_ok = true;
  friend bool operator==(const EnablePrivilege&, const EnablePrivilege&) = default;
};
SHMH_WIRE_TYPE(EnablePrivilege, name)

struct PrivateNamespaceReply {
  std::string prefix;  // put before an object name to create it inside the namespace
  friend bool operator==(const PrivateNamespaceReply&, const PrivateNamespaceReply&) = default;
};
SHMH_WIRE_TYPE(PrivateNamespaceReply, prefix)

struct PrivateNamespace {
  std::string boundary;
  std::string alias;
  static constexpr std::string_view op = "private_namespace";
  using Reply = PrivateNamespaceReply;
  static constexpr bool details_only_when_ok = true;
  friend bool operator==(const PrivateNamespace&, const PrivateNamespace&) = default;
};
SHMH_WIRE_TYPE(PrivateNamespace, boundary, alias)

}  // namespace shmh::cmd
