// The role's security operations: report its token, read an object's security, make a private
// namespace.
#include "harness/protocol/command_fields.h"
#include "harness/role/operations.h"
#include "harness/protocol/token_json.h"

namespace shmh {

using nlohmann::json;

report::Observation RoleOperations::token(const json&) {
  auto o = observe("GetTokenInformation", "");
  o.ok = true;
  o.details = token_to_json(platform::current_token());
  return o;
}

report::Observation RoleOperations::object_security(const json& command) {
  const auto name = required_field<std::string>(command, "name");
  auto o = observe("GetSecurityInfo", name);
  auto security = platform::mapping_security(name);
  o.details["kind"] = platform::object_kind(name);
  if (!security) {
    o.api = security.error().api;
    o.error = to_error_info(security.error());
    return o;
  }
  o.ok = true;
  o.details["owner"] = security.value().owner;
  o.details["descriptor"] = security.value().descriptor;
  return o;
}

report::Observation RoleOperations::private_namespace(const json& command) {
  auto o = observe("CreatePrivateNamespaceW", required_field<std::string>(command, "alias"));
  auto ns = platform::PrivateNamespace::create(required_field<std::string>(command, "boundary"),
                                               required_field<std::string>(command, "alias"));
  if (!ns) {
    o.error = to_error_info(ns.error());
    return o;
  }
  o.ok = true;
  o.details["prefix"] = ns.value().prefix();
  namespaces_.push_back(std::move(ns.value()));
  return o;
}

}  // namespace shmh
