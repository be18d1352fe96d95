// Orchestrator side of a role: reader threads feed bounded lines into a queue; call() waits on it.
#include "harness/orchestrator/role_client.h"

#include <utility>

#include <spdlog/spdlog.h>

#include "harness/protocol/commands.h"
#include "harness/protocol/control_channel.h"
#include "harness/platform/this_process.h"
#include "reports/json_report.h"

namespace shmh {
namespace {

constexpr std::size_t kMaxLogBytes = 256 * 1024;

}  // namespace

RoleClient::RoleClient(const std::string& executable, std::string role_name, ObservationSink sink,
                         platform::Identity identity)
    : name_(std::move(role_name)), sink_(std::move(sink)) {
  std::vector<std::string> arguments = {"role", "--role-name", name_, "--parent-pid",
                                        std::to_string(platform::current_process_id())};
  if (identity.restriction == platform::Restriction::other_user) {
    // The role changes its own identity before its first command (POSIX has no "spawn as").
    if (identity.account) {
      arguments.insert(arguments.end(), {"--as-uid", std::to_string(identity.account->uid), "--as-gid",
                                         std::to_string(identity.account->gid)});
    } else {
      arguments.push_back("--drop-to-nobody");
    }
  }
  auto child = platform::spawn_child(executable, arguments, identity);
  if (!child) {
    throw RoleFailure(RoleFailure::Kind::spawn,
                      "cannot start role '" + name_ + "' from " + executable + ": " + child.error().describe());
  }
  s_ = std::make_shared<Streams>(std::move(child.value()));
  pid_ = s_->child.pid();
  stdout_reader_ = std::thread(read_stdout, s_);
  stderr_reader_ = std::thread(read_stderr, s_);
  spdlog::debug("started role {} as pid {}", name_, pid_);
}

RoleClient::~RoleClient() {
  kill();
  // The pipes close when the process has gone; a reader still blocked after that reads from a
  // pipe something else keeps open. It is let go (it owns what it uses), never waited on forever.
  std::unique_lock lock(s_->mutex);
  const bool closed = s_->changed.wait_for(lock, std::chrono::seconds(5), [this] { return s_->stdout_closed && s_->stderr_closed; });
  lock.unlock();
  if (closed) {
    stdout_reader_.join();
    stderr_reader_.join();
  } else {
    spdlog::warn("role '{}' (pid {}) ended but its output pipes stay open (a process that outlived its "
                 "termination holds them): not waiting for them", name_, pid_);
    stdout_reader_.detach();
    stderr_reader_.detach();
  }
}

void RoleClient::read_stdout(std::shared_ptr<Streams> s) {
  LineSplitter splitter;
  char buffer[64 * 1024];
  for (;;) {
    const auto got = s->child.read_stdout(buffer, sizeof buffer);
    std::lock_guard lock(s->mutex);
    if (got <= 0) {
      s->stdout_closed = true;
      s->changed.notify_all();
      return;
    }
    splitter.feed({buffer, static_cast<std::size_t>(got)});
    while (splitter.has_line()) s->lines.push_back(splitter.take());
    s->overlong_lines = splitter.overlong_lines();
    s->changed.notify_all();
  }
}

void RoleClient::read_stderr(std::shared_ptr<Streams> s) {
  char buffer[16 * 1024];
  for (;;) {
    const auto got = s->child.read_stderr(buffer, sizeof buffer);
    std::lock_guard lock(s->mutex);
    if (got <= 0) {
      if (!s->stderr_partial.empty()) take_stderr_line(*s, std::exchange(s->stderr_partial, {}));
      s->stderr_closed = true;
      s->changed.notify_all();
      return;
    }
    s->stderr_partial.append(buffer, static_cast<std::size_t>(got));
    std::size_t start = 0;
    for (std::size_t end; (end = s->stderr_partial.find('\n', start)) != std::string::npos; start = end + 1) {
      take_stderr_line(*s, std::string_view(s->stderr_partial).substr(start, end + 1 - start));
    }
    s->stderr_partial.erase(0, start);
    // A line that never ends is log all the same.
    if (s->stderr_partial.size() > kMaxLogBytes / 4) take_stderr_line(*s, std::exchange(s->stderr_partial, {}));
  }
}

void RoleClient::take_stderr_line(Streams& s, std::string_view line) {
  StuckCall call;
  std::string_view bare = line;
  while (!bare.empty() && (bare.back() == '\n' || bare.back() == '\r')) bare.remove_suffix(1);
  if (parse_call_marker(bare, call)) {
    s.stuck_call = std::move(call);
    return;
  }
  s.log.append(line);
  if (s.log.size() > kMaxLogBytes) s.log.erase(0, s.log.size() - kMaxLogBytes);
}

std::optional<StuckCall> RoleClient::stuck_call() const {
  std::lock_guard lock(s_->mutex);
  return s_->stuck_call;
}

void RoleClient::terminate() { s_->child.kill(); }

void RoleClient::send_raw(nlohmann::json command) {
  const std::string op = wire::command_op(command);
  send_line(std::move(command), op.empty() ? "?" : op);
}

void RoleClient::send_line(nlohmann::json command, std::string op) {
  const std::int64_t id = next_id_++;
  command["id"] = id;
  if (!s_->child.write_stdin(command.dump() + "\n")) {
    throw RoleFailure(RoleFailure::Kind::died,
                      "role '" + name_ + "' (pid " + std::to_string(pid_) + ") is gone: cannot send '" + op + "'");
  }
  pending_.emplace_back(id, std::move(op));
  std::lock_guard lock(s_->mutex);
  s_->stuck_call.reset();
}

RoleFailure RoleClient::malformed_reply(std::string_view op, const std::string& problem) const {
  return RoleFailure(RoleFailure::Kind::protocol,
                     "role '" + name_ + "' answered '" + std::string(op) + "' without what the reply must carry: " + problem);
}

report::Observation RoleClient::receive_observation(std::chrono::milliseconds timeout) {
  if (pending_.empty()) throw RoleFailure(RoleFailure::Kind::protocol, "nothing was sent to role '" + name_ + "'");
  const auto [id, op] = pending_.front();
  pending_.pop_front();
  std::unique_lock lock(s_->mutex);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (s_->overlong_lines > 0) {
      throw RoleFailure(RoleFailure::Kind::protocol, "role '" + name_ + "' sent a control line longer than " +
                                                         std::to_string(kMaxControlLine) + " bytes");
    }
    if (!s_->lines.empty()) break;
    if (s_->stdout_closed) {
      lock.unlock();
      throw RoleFailure(RoleFailure::Kind::died, "role '" + name_ + "' (pid " + std::to_string(pid_) +
                                                     ") ended during '" + op + "': " + exit_description());
    }
    if (platform::interrupt_requested()) {
      throw RoleFailure(RoleFailure::Kind::interrupted, "interrupted while role '" + name_ + "' worked on '" + op + "'");
    }
    // Wake at least every 100 ms to notice an interruption.
    const auto wake = std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(100));
    s_->changed.wait_until(lock, wake);
    if (std::chrono::steady_clock::now() >= deadline && s_->lines.empty() && !s_->stdout_closed) {
      busy_ = true;
      const std::string where = s_->stuck_call ? ", waiting in " + s_->stuck_call->describe() : ", no OS call reported as stuck";
      throw RoleFailure(RoleFailure::Kind::timeout, "role '" + name_ + "' (pid " + std::to_string(pid_) +
                                                        ") did not answer '" + op + "' within " +
                                                        std::to_string(timeout.count()) + " ms" + where);
    }
  }
  const std::string line = std::move(s_->lines.front());
  s_->lines.pop_front();
  lock.unlock();

  nlohmann::json reply;
  try {
    reply = nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error&) {
    throw RoleFailure(RoleFailure::Kind::protocol,
                      "role '" + name_ + "' answered '" + op + "' with a line that is not JSON: " + line.substr(0, 120));
  }
  if (!reply.is_object() || !reply.contains("id") || !reply["id"].is_number_integer() ||
      reply["id"].get<std::int64_t>() != id) {
    throw RoleFailure(RoleFailure::Kind::protocol, "role '" + name_ + "' answered '" + op +
                                                       "' out of turn: " + line.substr(0, 120));
  }
  if (reply.contains("protocol_error")) {
    throw RoleFailure(RoleFailure::Kind::protocol, "role '" + name_ + "' refused '" + op +
                                                       "': " + reply["protocol_error"].dump());
  }
  report::Observation observation;
  try {
    observation = report::observation_from_json(reply);
  } catch (const report::FormatError& e) {
    throw RoleFailure(RoleFailure::Kind::protocol, "role '" + name_ + "' answered '" + op + "' with " + e.what());
  }
  observation.op = op == "?" ? "" : op;
  if (sink_) sink_(observation);
  return observation;
}

platform::ExitStatus RoleClient::finish(std::chrono::milliseconds timeout) {
  // A role that left a command unanswered cannot read an exit command: end it now.
  if (busy_) kill();
  if (!exit_) {
    try {
      call(cmd::Exit{}, timeout);
    } catch (const RoleFailure&) {
      // It is dying or dead already; the wait below tells which.
    }
    if (!wait_for_exit(timeout)) {
      kill();
      wait_for_exit(timeout);
    }
  }
  return exit_.value_or(platform::ExitStatus{false, -1, true});
}

std::optional<platform::ExitStatus> RoleClient::wait_for_exit(std::chrono::milliseconds timeout) {
  if (!exit_) {
    exit_ = s_->child.wait_for(timeout);
    if (exit_) drain_stderr();
  }
  return exit_;
}

void RoleClient::kill() {
  if (exit_) return;
  s_->child.kill();
  exit_ = s_->child.wait_for(std::chrono::seconds(10));
  if (exit_) drain_stderr();
}

void RoleClient::drain_stderr() {
  std::unique_lock lock(s_->mutex);
  s_->changed.wait_for(lock, std::chrono::seconds(2), [this] { return s_->stderr_closed; });
}

std::string RoleClient::log() const {
  std::lock_guard lock(s_->mutex);
  return s_->log;
}

std::string RoleClient::exit_description() {
  // The stdout pipe closes a moment before the process is reaped: give it that moment.
  if (auto status = wait_for_exit(std::chrono::milliseconds(2000))) return status->describe();
  return "still running";
}

}  // namespace shmh
