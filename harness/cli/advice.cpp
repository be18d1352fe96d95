// The advice table, keyed by error symbol (the same symbols on every machine, unlike messages).
#include "harness/cli/advice.h"

#include <array>

namespace shmh {
namespace {

bool in_session_0(const AdviceContext& c) { return c.windows && c.session_id && *c.session_id == 0; }

// Local\ and Global\ differ outside session 0 only: a service (session 0) sees one namespace.
std::string namespaces_text(const AdviceContext& c) {
  if (!c.windows) return "POSIX has one namespace per machine (Local\\ and Global\\ map to the same /dev/shm name)";
  if (in_session_0(c)) return "this process is in session 0, where Local\\ and Global\\ name the same namespace";
  return "Local\\ and Global\\ are different namespaces outside session 0 (a bare name is Local\\)";
}

Advice not_found(const AdviceContext& c) {
  if (!c.windows) {
    return {"no object named '" + c.name + "' exists",
            "start the creating process first (a POSIX object lives until shm_unlink: this one was never created, or was "
            "already unlinked); names are case-sensitive; " + namespaces_text(c)};
  }
  return {"no object named '" + c.name + "' exists",
          "start the creating process first and keep it running while others open it: a Windows section dies with its last "
          "handle; names are case-sensitive; " + namespaces_text(c)};
}

Advice access_denied(const AdviceContext& c) {
  if (c.windows && c.name.rfind("Global\\", 0) == 0 && !in_session_0(c)) {
    return {"creating Global\\ objects outside session 0 needs SeCreateGlobalPrivilege; opening an existing one needs a DACL "
            "that grants the access",
            "run elevated or as a service, or use Local\\ when both sides share a session (`shm-harness diagnose` tells which)"};
  }
  return {std::string("the object's ") + (c.windows ? "security (DACL, integrity label)" : "mode bits") +
              " does not grant the access asked for",
          "ask for less (read), or have the creator grant it" + std::string(c.windows ? "" : " (or run both sides as one user)")};
}

Advice already_exists(const AdviceContext& c) {
  return {"another process created '" + c.name + "' first: you share its object" +
              (c.windows ? " (with its size and DACL)" : ""),
          "check for this code and treat the contents as untrusted: a squatter can create the name before you" +
              std::string(c.windows ? " (a private namespace prevents it)" : "")};
}

Advice other_kind(const AdviceContext&) {
  return {"the name belongs to another kind of object (event, mutex, semaphore, job): they share one namespace with sections",
          "use a name no other object uses, e.g. with a suffix for the kind"};
}

Advice malformed(const AdviceContext& c) {
  return {"the name is malformed",
          c.windows ? "use Local\\ or Global\\ (case-sensitive) and no backslash after the prefix"
                    : "use one leading name part without further slashes"};
}

Advice zero_size(const AdviceContext&) {
  return {"a pagefile-backed section needs a size", "give a size of at least 1 byte"};
}

Advice too_long(const AdviceContext& c) {
  return {"the name is too long", c.windows ? "keep names under 260 characters" : "keep names under NAME_MAX (255) bytes"};
}

Advice no_memory(const AdviceContext&) {
  return {"the system cannot commit that much memory", "ask for less, or raise the page file / memory limit"};
}

Advice privilege_not_held(const AdviceContext&) {
  return {"the call needs a privilege this process does not hold (large pages need SeLockMemoryPrivilege)",
          "grant the account the privilege (Local Security Policy, 'Lock pages in memory'), log on again, and run elevated"};
}

struct Entry {
  std::array<std::string_view, 3> symbols;
  Advice (*make)(const AdviceContext&);
};

constexpr Entry kTable[] = {
    {{"ERROR_FILE_NOT_FOUND", "ENOENT"}, not_found},
    {{"ERROR_ACCESS_DENIED", "EACCES", "EPERM"}, access_denied},
    {{"ERROR_ALREADY_EXISTS", "EEXIST"}, already_exists},
    {{"ERROR_INVALID_HANDLE"}, other_kind},
    {{"ERROR_PATH_NOT_FOUND", "EINVAL"}, malformed},
    {{"ERROR_INVALID_PARAMETER"}, zero_size},
    {{"ERROR_FILENAME_EXCED_RANGE", "ENAMETOOLONG"}, too_long},
    {{"ERROR_NOT_ENOUGH_MEMORY", "ERROR_COMMITMENT_LIMIT", "ENOMEM"}, no_memory},
    {{"ERROR_PRIVILEGE_NOT_HELD"}, privilege_not_held},
};

}  // namespace

std::optional<Advice> advice_for(std::string_view symbol, const AdviceContext& context) {
  if (symbol.empty()) return std::nullopt;
  for (const auto& entry : kTable) {
    for (const auto s : entry.symbols) {
      if (s == symbol) return entry.make(context);
    }
  }
  return std::nullopt;
}

std::string advice_line(std::string_view symbol, const AdviceContext& context) {
  const auto advice = advice_for(symbol, context);
  return advice ? advice->meaning + ": " + advice->remedy : "";
}

}  // namespace shmh
