// `names`: the named objects of a namespace, their size and security, who holds them, and the
// processes that could not be examined. Reads only: it never opens an object to list it, and
// every handle it duplicates to learn a holder is closed at once.
#include <algorithm>
#include <iostream>

#include "harness/cli/commands.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/units.h"
#include "harness/orchestrator/glob.h"
#include "harness/platform/object_namespace.h"
#include "harness/platform/system_info.h"
#include "harness/protocol/namespace_json.h"
#include "reports/format.h"

namespace shmh {
namespace {

bool wanted(const platform::NamedObject& o, const NamesOptions& options) {
  if (options.type != "all") {
    const bool section = o.type == "section" || o.type == "shared-memory object";
    if (options.type == "section" ? !section : o.type != options.type) return false;
  }
  return options.match.empty() || glob_match(options.match, o.name) || glob_match(options.match, o.base_name);
}

void print_holders(const platform::NamedObject& o) {
  for (const auto& h : o.holders) {
    std::cout << "    " << (h.maps_only ? "mapped by" : "held by") << " pid " << h.pid
              << (h.image.empty() ? "" : " (" + h.image + ")") << " with " << h.access << "\n";
  }
}

void print_text(const platform::NamespaceSnapshot& s, const NamesOptions& options) {
  std::cout << "namespace:";
  for (const auto& d : s.directories) std::cout << " " << d;
  if (s.own_session) std::cout << " (this process: session " << *s.own_session << ")";
  std::cout << "\n";
  std::size_t shown = 0;
  for (const auto& o : s.objects) {
    if (!wanted(o, options)) continue;
    ++shown;
    std::cout << "  " << o.name << "  " << o.type;
    if (o.size) std::cout << ", " << report::format_size(*o.size);
    if (!o.owner.empty()) std::cout << ", owner " << o.owner;
    if (!o.descriptor.empty()) std::cout << ", " << (o.descriptor.starts_with("0") ? "mode " : "") << o.descriptor;
    std::cout << "\n";
    print_holders(o);
  }
  std::cout << shown << " object(s)" << (options.match.empty() ? "" : " matching " + options.match) << "\n";
  if (!s.unreadable.empty()) {
    std::cout << s.unreadable.size() << " process(es) could not be examined and may hold any of them:\n";
    for (const auto& u : s.unreadable) {
      std::cout << "  pid " << u.pid << (u.image.empty() ? "" : " (" + u.image + ")") << ": " << u.reason << "\n";
    }
  }
  for (const auto& p : s.problems) std::cout << "not listed: " << p.describe() << "\n";
}

}  // namespace

int names_command(const NamesOptions& options) {
  static const char* kTypes[] = {"section", "event", "mutex", "semaphore", "all"};
  if (std::find(std::begin(kTypes), std::end(kTypes), options.type) == std::end(kTypes)) {
    throw UsageError{"invalid --type '" + options.type + "': use section, event, mutex, semaphore or all"};
  }
  const bool windows = platform::backend() == platform::Backend::windows;
  if (!windows && (options.session || options.global)) {
    throw UsageError{std::string(options.global ? "--global" : "--session") +
                     ": POSIX has one namespace per machine (/dev/shm); there are no sessions to choose"};
  }
  platform::NamespaceQuery query;
  if (options.global) query.scope = platform::NamespaceScope::global;
  if (options.session) {
    query.scope = platform::NamespaceScope::session;
    query.session = *options.session;
  }
  const auto snapshot = platform::snapshot_namespace(query);
  if (!snapshot) {
    std::cerr << "shm-harness: names could not list the namespace: " << snapshot.error().describe() << std::endl;
    return kExitFailed;
  }
  if (options.json) {
    auto j = namespace_to_json(snapshot.value(), [&](const platform::NamedObject& o) { return wanted(o, options); });
    j["backend"] = platform::backend_name();
    std::cout << j.dump(2) << std::endl;
  } else {
    print_text(snapshot.value(), options);
  }
  return kExitPassed;
}

}  // namespace shmh
