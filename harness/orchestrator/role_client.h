// The orchestrator's handle on one role process: starts it, sends commands, waits for the
// observation with a timeout, keeps its log, and ends it. Nothing it does can hang the run.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include <nlohmann/json.hpp>

#include "harness/orchestrator/answer.h"
#include "harness/platform/child_process.h"
#include "harness/protocol/stuck_call.h"
#include "harness/protocol/wire.h"
#include "reports/model.h"

namespace shmh {

// Why a role could not answer: it died, it did not answer in time, or it spoke nonsense.
class RoleFailure : public std::runtime_error {
 public:
  enum class Kind { died, timeout, protocol, spawn, interrupted };
  RoleFailure(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class RoleClient {
 public:
  using ObservationSink = std::function<void(report::Observation&)>;

  // Starts `executable role --role-name NAME --parent-pid PID`. Throws RoleFailure(spawn).
  RoleClient(const std::string& executable, std::string role_name, ObservationSink sink,
              platform::Identity identity = {});
  RoleClient(const RoleClient&) = delete;
  RoleClient& operator=(const RoleClient&) = delete;
  ~RoleClient();  // kills the role if it still runs

  const std::string& name() const { return name_; }
  std::int64_t pid() const { return pid_; }

  // Sends one command and returns the role's answer: its observation (also given to the sink)
  // and the reply's typed details. Throws RoleFailure when the role dies, does not answer within
  // `timeout`, or answers garbage, including a reply that lacks a field it must carry.
  template <wire::Command C>
  Answer<C> call(const C& command, std::chrono::milliseconds timeout) {
    send(command);
    return receive<C>(timeout);
  }
  // The two halves of call(), to have several roles work at once: send to each, then receive
  // from each, typed by the command sent. Replies come in the order commands were sent.
  template <wire::Command C>
  void send(const C& command) {
    send_line(wire::encode_command(command), std::string(C::op));
  }
  template <wire::Command C>
  Answer<C> receive(std::chrono::milliseconds timeout) {
    Answer<C> answer;
    static_cast<report::Observation&>(answer) = receive_observation(timeout);
    try {
      answer.reply = wire::decode_reply<C>(answer.ok, answer.details);
    } catch (const wire::ProtocolError& error) {
      throw malformed_reply(C::op, error.what());
    }
    return answer;
  }
  // For tests that deliberately send a role what no command type can express (an unknown op,
  // a field of the wrong type): the line as given, with an id added.
  void send_raw(nlohmann::json command);
  // The next answer as an untyped observation (also given to the sink), for the sends above
  // and for answers whose details do not matter.
  report::Observation receive_observation(std::chrono::milliseconds timeout);
  // Asks the role to exit and waits for it; kills it if it does not go in time.
  platform::ExitStatus finish(std::chrono::milliseconds timeout);
  // The exit status once it has ended (within `timeout`), e.g. after a crash.
  std::optional<platform::ExitStatus> wait_for_exit(std::chrono::milliseconds timeout);
  void kill();
  // Ends the process at once without waiting for it: safe from another thread (a watchdog)
  // while this client's owner waits in receive(), which then sees the role end.
  void terminate();
  // The OS call the role reported being stuck in while serving the command now waited for
  // (its call watch writes one after a second); nothing when it reported none.
  std::optional<StuckCall> stuck_call() const;
  // Whether the role left a command unanswered (a timeout): finish() then kills it at once.
  bool busy() const { return busy_; }
  // The role's stderr so far (bounded: the last 256 KiB).
  std::string log() const;
  // "exit code 0", "signal 11 SIGSEGV", or "running".
  std::string exit_description();

 private:
  void send_line(nlohmann::json command, std::string op);
  RoleFailure malformed_reply(std::string_view op, const std::string& problem) const;
  // After the process ended: lets the stderr reader take the last lines (bounded), so the log
  // attached to a report ends with what the role said last.
  void drain_stderr();

  std::string name_;
  ObservationSink sink_;
  std::int64_t pid_ = 0;
  std::int64_t next_id_ = 1;
  std::deque<std::pair<std::int64_t, std::string>> pending_;  // sent, not yet answered: id, op
  std::optional<platform::ExitStatus> exit_;
  bool busy_ = false;

  // The process and what its reader threads fill, shared with them: a reader blocked on a pipe
  // whose write end outlives the role (under Wine a terminated role's Unix process has been
  // seen to linger, holding its stdout) is let go rather than joined forever, and keeps what it
  // reads from alive until its read returns.
  struct Streams {
    explicit Streams(platform::Child c) : child(std::move(c)) {}
    platform::Child child;
    mutable std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::string> lines;
    bool stdout_closed = false;
    bool stderr_closed = false;
    std::size_t overlong_lines = 0;
    std::string log;
    std::string stderr_partial;  // the last, unfinished stderr line
    std::optional<StuckCall> stuck_call;
  };
  static void read_stdout(std::shared_ptr<Streams> s);
  static void read_stderr(std::shared_ptr<Streams> s);
  // One whole stderr line: a stuck-call marker is kept aside, anything else goes to the log.
  static void take_stderr_line(Streams& s, std::string_view line);
  std::shared_ptr<Streams> s_;
  std::thread stdout_reader_;
  std::thread stderr_reader_;
};

}  // namespace shmh
