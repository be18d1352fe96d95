// The role's dispatch table: each op string names one typed command and the handler it goes to.
#include <stdexcept>
#include <tuple>

#include "harness/role/operations.h"

namespace shmh {

template <typename C>
std::pair<const std::string, RoleOperations::Handler> RoleOperations::handler(
    report::Observation (RoleOperations::*member)(const C&)) {
  return {std::string(C::op), [member](RoleOperations& operations, const nlohmann::json& line) {
            C command;
            try {
              command = wire::decode_command<C>(line);
            } catch (const wire::ProtocolError& error) {
              throw std::invalid_argument("'" + std::string(C::op) + "': " + error.what());
            }
            return (operations.*member)(command);
          }};
}

const std::map<std::string, RoleOperations::Handler, std::less<>>& RoleOperations::handlers() {
  static const auto table = [] {
    std::map<std::string, Handler, std::less<>> t = {
        handler(&RoleOperations::hello),
        handler(&RoleOperations::request_exit),
        handler(&RoleOperations::create),
        handler(&RoleOperations::open),
        handler(&RoleOperations::map),
        handler(&RoleOperations::write),
        handler(&RoleOperations::read),
        handler(&RoleOperations::unmap),
        handler(&RoleOperations::close),
        handler(&RoleOperations::unlink),
        handler(&RoleOperations::sleep),
        handler(&RoleOperations::resize),
        handler(&RoleOperations::crash_mid_write),
        handler(&RoleOperations::attach_coordination),
        handler(&RoleOperations::race),
        handler(&RoleOperations::poll_open),
        handler(&RoleOperations::handle_count),
        handler(&RoleOperations::cycle),
        handler(&RoleOperations::create_sync),
        handler(&RoleOperations::token),
        handler(&RoleOperations::object_security),
        handler(&RoleOperations::enable_privilege),
        handler(&RoleOperations::private_namespace),
        handler(&RoleOperations::pin),
        handler(&RoleOperations::ring_attach),
        handler(&RoleOperations::ring_reset),
        handler(&RoleOperations::ring_transfer<true>),
        handler(&RoleOperations::ring_transfer<false>),
        handler(&RoleOperations::handoff_transfer<true>),
        handler(&RoleOperations::handoff_transfer<false>),
        handler(&RoleOperations::ping_pong<true>),
        handler(&RoleOperations::ping_pong<false>),
        handler(&RoleOperations::queue_attach),
        handler(&RoleOperations::queue_transfer<true>),
        handler(&RoleOperations::queue_transfer<false>),
        handler(&RoleOperations::memcpy_baseline),
        handler(&RoleOperations::core_to_core_baseline),
        handler(&RoleOperations::setup_cost),
        handler(&RoleOperations::duplicate),
        handler(&RoleOperations::commit),
        handler(&RoleOperations::committed),
        handler(&RoleOperations::unmap_inside),
        handler(&RoleOperations::unmap_not_a_view),
        handler(&RoleOperations::private_store),
        handler(&RoleOperations::touch),
    };
    // Every command type the protocol declares has its handler: a new one cannot be forgotten.
    std::apply([&t](auto... command) { ((t.count(std::string(decltype(command)::op)) ? void() :
        throw std::logic_error("no role handler for '" + std::string(decltype(command)::op) + "'")), ...); },
               cmd::AllCommands{});
    return t;
  }();
  return table;
}

report::Observation RoleOperations::execute(const nlohmann::json& command) {
  const auto op = wire::command_op(command);
  if (op.empty()) throw std::invalid_argument("missing field 'op' (or not a string)");
  const auto it = handlers().find(op);
  if (it == handlers().end()) throw std::invalid_argument("unknown op '" + op + "'");
  return it->second(*this, command);
}

}  // namespace shmh
