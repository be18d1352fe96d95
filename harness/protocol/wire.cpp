// The envelope of a command line, read before the command itself is decoded.
#include "harness/protocol/wire.h"

namespace shmh::wire {

std::int64_t command_id(const nlohmann::json& command) {
  const auto it = command.is_object() ? command.find("id") : command.end();
  return it != command.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

std::string command_op(const nlohmann::json& command) {
  const auto it = command.is_object() ? command.find("op") : command.end();
  return it != command.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace shmh::wire
