// The role's security operations: report its token, read an object's security, make a private
// namespace.
#include "harness/role/operations.h"

#include "harness/platform/security.h"
#include "harness/platform/system_info.h"

namespace shmh {

report::Observation RoleOperations::token(const cmd::Token&) {
  auto o = observe("GetTokenInformation", "");
  o.ok = true;
  o.details = wire::encode_reply(cmd::TokenReply{platform::current_token()});
  return o;
}

report::Observation RoleOperations::enable_privilege(const cmd::EnablePrivilege& command) {
  auto o = observe(platform::backend() == platform::Backend::windows ? "AdjustTokenPrivileges" : "(no privileges)", command.name);
  const auto change = platform::enable_privilege(command.name);
  if (!change) {
    o.api = change.error().api;
    o.error = to_error_info(change.error());
    return o;
  }
  o.ok = true;
  o.details = wire::encode_reply(cmd::EnablePrivilegeReply{platform::privilege_change_name(change.value())});
  return o;
}

report::Observation RoleOperations::object_security(const cmd::Security& command) {
  const auto& name = command.name;
  auto o = observe("GetSecurityInfo", name);
  auto security = platform::mapping_security(name);
  cmd::SecurityReply reply{.kind = platform::object_kind(name)};
  if (!security) {
    o.api = security.error().api;
    o.error = to_error_info(security.error());
    o.details = wire::encode_reply(reply);
    return o;
  }
  o.ok = true;
  reply.owner = security.value().owner;
  reply.descriptor = security.value().descriptor;
  reply.granted_here = security.value().granted_here;
  o.details = wire::encode_reply(reply);
  return o;
}

report::Observation RoleOperations::private_namespace(const cmd::PrivateNamespace& command) {
  auto o = observe("CreatePrivateNamespaceW", command.alias);
  auto ns = platform::PrivateNamespace::create(command.boundary, command.alias);
  if (!ns) {
    o.error = to_error_info(ns.error());
    return o;
  }
  o.ok = true;
  o.details = wire::encode_reply(cmd::PrivateNamespaceReply{.prefix = ns.value().prefix()});
  namespaces_.push_back(std::move(ns.value()));
  return o;
}

}  // namespace shmh
