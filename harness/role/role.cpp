// The role process main loop: read a command line, execute it, write the observation line.
#include "harness/role/role.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/protocol/commands.h"
#include "harness/protocol/logging.h"
#include "harness/platform/this_process.h"
#include "harness/platform/identity.h"
#include "harness/platform/security.h"
#include "reports/json_report.h"
#include "harness/role/call_watch.h"
#include "harness/role/operations.h"

namespace shmh {

namespace {

void emit_raw(const cmd::Emit& command) {
  const auto repeat = command.repeat.value_or(1);
  for (std::int64_t i = 0; i < repeat; ++i) std::cout << command.text;
  if (command.newline.value_or(true)) std::cout << '\n';
  std::cout.flush();
  if (command.then_exit.value_or(false)) std::exit(command.exit_code.value_or(0));
}

}  // namespace

int run_role(const std::string& role_name, std::int64_t parent_pid, bool drop_to_nobody,
             const std::optional<platform::PosixAccount>& account) {
  platform::enter_child_process(parent_pid);
  auto log = setup_logging(role_name, true);
  if (drop_to_nobody || account) {
    // Before the first command: this role must never act with its parent's identity.
    if (auto error = account ? platform::become_account(*account) : platform::drop_to_unprivileged_user()) {
      log->error("cannot become {}: {}", account ? "uid " + std::to_string(account->uid) : "nobody", error->describe());
      return 126;
    }
    // A change of credentials clears the parent-death signal: ask for it again.
    platform::enter_child_process(parent_pid);
    const auto token = platform::current_token();
    log->info("running as uid {} gid {}", token.uid, token.gid);
  }
  log->info("role {} ready, parent pid {}", role_name, parent_pid);
  RoleOperations operations(role_name, log);
  CallWatch call_watch;
  std::ios::sync_with_stdio(false);

  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    nlohmann::json reply;
    std::int64_t id = 0;
    try {
      const auto command = nlohmann::json::parse(line);
      id = wire::command_id(command);
      if (wire::command_op(command) == cmd::Emit::op) {
        // Fault injection for the orchestrator's tests: raw bytes on the control channel instead
        // of an answer (not JSON, a partial line, an endless line).
        emit_raw(wire::decode_command<cmd::Emit>(command));
        continue;
      }
      call_watch.command_started(wire::command_op(command));
      reply = report::to_json(operations.execute(command));
    } catch (const std::exception& e) {
      // The command was malformed: say so on the channel; the orchestrator ends the scenario as error.
      log->error("bad command '{}': {}", line.substr(0, 200), e.what());
      reply = {{"ok", false}, {"api", "protocol"}, {"protocol_error", e.what()}};
    }
    call_watch.command_finished();
    reply["id"] = id;
    std::cout << reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n' << std::flush;
    if (operations.exit_requested()) {
      log->info("exiting with code {} as asked", operations.exit_code());
      return operations.exit_code();
    }
  }
  log->info("stdin closed: exiting");
  return 0;
}

}  // namespace shmh
