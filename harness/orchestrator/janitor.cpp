// The janitor process and the orchestrator's guard that starts and releases it.
#include "harness/orchestrator/janitor.h"

#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>

#include "harness/platform/shared_memory.h"

namespace shmh {

int run_janitor(const std::string& run_id) {
  // Deliberately no parent-death signal: the janitor's job starts when its parent is gone. Its
  // stderr may lead to a dead parent by then: a failed write must not kill it.
#ifdef SIGPIPE
  std::signal(SIGPIPE, SIG_IGN);
#endif
  std::string ignored;
  while (std::getline(std::cin, ignored)) {
  }
  auto removed = platform::remove_names_with_prefix(run_id);
  if (!removed.empty()) {
    // The run did not clean up, so it was killed; its roles die at the same moment and one may
    // still have been creating: sweep again once such a late create has landed.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto late = platform::remove_names_with_prefix(run_id);
    removed.insert(removed.end(), late.begin(), late.end());
  }
  for (const auto& name : removed) std::cerr << "janitor: removed leftover /dev/shm/" << name << std::endl;
  return 0;
}

JanitorGuard::JanitorGuard(const std::string& executable, const std::string& run_id) {
  if (!platform::names_persist_until_unlinked()) return;
  auto child = platform::spawn_child(executable, {"janitor", "--run-id", run_id});
  if (!child) {
    spdlog::warn("cannot start the janitor ({}): a killed run may leave names in /dev/shm", child.error().describe());
    return;
  }
  child_.emplace(std::move(child.value()));
}

JanitorGuard::~JanitorGuard() {
  if (!child_) return;
  child_->close_stdin();
  if (!child_->wait_for(std::chrono::seconds(5))) spdlog::warn("the janitor did not finish its sweep in 5 s");
}

}  // namespace shmh
