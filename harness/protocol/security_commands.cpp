// The token reply on the wire: the fields token_to_json writes, the ones every backend reports
// required.
#include "harness/protocol/security_commands.h"

#include "harness/protocol/token_json.h"

namespace shmh::cmd {

void to_json(nlohmann::json& j, const TokenReply& reply) { j = token_to_json(reply.token); }

void from_json(const nlohmann::json& j, TokenReply& reply) {
  // Checked first, so a reply without them is refused instead of read as an empty token.
  std::string user, integrity_level;
  bool service = false;
  nlohmann::json privileges;
  wire::read_field(j, "user", user);
  wire::read_field(j, "integrity_level", integrity_level);
  wire::read_field(j, "service", service);
  wire::read_field(j, "privileges", privileges);
  if (!privileges.is_array()) throw wire::ProtocolError("privileges", "has the wrong type (" + std::string(privileges.type_name()) + ")");
  reply.token = token_from_json(j);
}

}  // namespace shmh::cmd
