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
                         platform::Restriction restriction)
    : name_(std::move(role_name)), sink_(std::move(sink)) {
  std::vector<std::string> arguments = {"role", "--role-name", name_, "--parent-pid",
                                        std::to_string(platform::current_process_id())};
  if (restriction == platform::Restriction::other_user) arguments.push_back("--drop-to-nobody");
  auto child = platform::spawn_child(executable, arguments, restriction);
  if (!child) {
    throw RoleFailure(RoleFailure::Kind::spawn,
                      "cannot start role '" + name_ + "' from " + executable + ": " + child.error().describe());
  }
  child_.emplace(std::move(child.value()));
  pid_ = child_->pid();
  stdout_reader_ = std::thread([this] { read_stdout(); });
  stderr_reader_ = std::thread([this] { read_stderr(); });
  spdlog::debug("started role {} as pid {}", name_, pid_);
}

RoleClient::~RoleClient() {
  kill();
  if (stdout_reader_.joinable()) stdout_reader_.join();
  if (stderr_reader_.joinable()) stderr_reader_.join();
}

void RoleClient::read_stdout() {
  LineSplitter splitter;
  char buffer[64 * 1024];
  for (;;) {
    const auto got = child_->read_stdout(buffer, sizeof buffer);
    std::lock_guard lock(mutex_);
    if (got <= 0) {
      stdout_closed_ = true;
      changed_.notify_all();
      return;
    }
    splitter.feed({buffer, static_cast<std::size_t>(got)});
    while (splitter.has_line()) lines_.push_back(splitter.take());
    overlong_lines_ = splitter.overlong_lines();
    changed_.notify_all();
  }
}

void RoleClient::read_stderr() {
  char buffer[16 * 1024];
  for (;;) {
    const auto got = child_->read_stderr(buffer, sizeof buffer);
    std::lock_guard lock(mutex_);
    if (got <= 0) {
      if (!stderr_partial_.empty()) take_stderr_line(std::exchange(stderr_partial_, {}));
      stderr_closed_ = true;
      changed_.notify_all();
      return;
    }
    stderr_partial_.append(buffer, static_cast<std::size_t>(got));
    std::size_t start = 0;
    for (std::size_t end; (end = stderr_partial_.find('\n', start)) != std::string::npos; start = end + 1) {
      take_stderr_line(std::string_view(stderr_partial_).substr(start, end + 1 - start));
    }
    stderr_partial_.erase(0, start);
    // A line that never ends is log all the same.
    if (stderr_partial_.size() > kMaxLogBytes / 4) take_stderr_line(std::exchange(stderr_partial_, {}));
  }
}

void RoleClient::take_stderr_line(std::string_view line) {
  StuckCall call;
  std::string_view bare = line;
  while (!bare.empty() && (bare.back() == '\n' || bare.back() == '\r')) bare.remove_suffix(1);
  if (parse_call_marker(bare, call)) {
    stuck_call_ = std::move(call);
    return;
  }
  log_.append(line);
  if (log_.size() > kMaxLogBytes) log_.erase(0, log_.size() - kMaxLogBytes);
}

std::optional<StuckCall> RoleClient::stuck_call() const {
  std::lock_guard lock(mutex_);
  return stuck_call_;
}

void RoleClient::terminate() { child_->kill(); }

void RoleClient::send_raw(nlohmann::json command) {
  const std::string op = wire::command_op(command);
  send_line(std::move(command), op.empty() ? "?" : op);
}

void RoleClient::send_line(nlohmann::json command, std::string op) {
  const std::int64_t id = next_id_++;
  command["id"] = id;
  if (!child_->write_stdin(command.dump() + "\n")) {
    throw RoleFailure(RoleFailure::Kind::died,
                      "role '" + name_ + "' (pid " + std::to_string(pid_) + ") is gone: cannot send '" + op + "'");
  }
  pending_.emplace_back(id, std::move(op));
  std::lock_guard lock(mutex_);
  stuck_call_.reset();
}

RoleFailure RoleClient::malformed_reply(std::string_view op, const std::string& problem) const {
  return RoleFailure(RoleFailure::Kind::protocol,
                     "role '" + name_ + "' answered '" + std::string(op) + "' without what the reply must carry: " + problem);
}

report::Observation RoleClient::receive_observation(std::chrono::milliseconds timeout) {
  if (pending_.empty()) throw RoleFailure(RoleFailure::Kind::protocol, "nothing was sent to role '" + name_ + "'");
  const auto [id, op] = pending_.front();
  pending_.pop_front();
  std::unique_lock lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (overlong_lines_ > 0) {
      throw RoleFailure(RoleFailure::Kind::protocol, "role '" + name_ + "' sent a control line longer than " +
                                                         std::to_string(kMaxControlLine) + " bytes");
    }
    if (!lines_.empty()) break;
    if (stdout_closed_) {
      lock.unlock();
      throw RoleFailure(RoleFailure::Kind::died, "role '" + name_ + "' (pid " + std::to_string(pid_) +
                                                     ") ended during '" + op + "': " + exit_description());
    }
    if (platform::interrupt_requested()) {
      throw RoleFailure(RoleFailure::Kind::interrupted, "interrupted while role '" + name_ + "' worked on '" + op + "'");
    }
    // Wake at least every 100 ms to notice an interruption.
    const auto wake = std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(100));
    changed_.wait_until(lock, wake);
    if (std::chrono::steady_clock::now() >= deadline && lines_.empty() && !stdout_closed_) {
      busy_ = true;
      const std::string where = stuck_call_ ? ", waiting in " + stuck_call_->describe() : ", no OS call reported as stuck";
      throw RoleFailure(RoleFailure::Kind::timeout, "role '" + name_ + "' (pid " + std::to_string(pid_) +
                                                        ") did not answer '" + op + "' within " +
                                                        std::to_string(timeout.count()) + " ms" + where);
    }
  }
  const std::string line = std::move(lines_.front());
  lines_.pop_front();
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
    exit_ = child_->wait_for(timeout);
    if (exit_) drain_stderr();
  }
  return exit_;
}

void RoleClient::kill() {
  if (exit_) return;
  child_->kill();
  exit_ = child_->wait_for(std::chrono::seconds(10));
  if (exit_) drain_stderr();
}

void RoleClient::drain_stderr() {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, std::chrono::seconds(2), [this] { return stderr_closed_; });
}

std::string RoleClient::log() const {
  std::lock_guard lock(mutex_);
  return log_;
}

std::string RoleClient::exit_description() {
  // The stdout pipe closes a moment before the process is reaped: give it that moment.
  if (auto status = wait_for_exit(std::chrono::milliseconds(2000))) return status->describe();
  return "still running";
}

}  // namespace shmh
