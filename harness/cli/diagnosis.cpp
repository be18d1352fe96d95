// The rules diagnose applies, in the order a person would check them.
#include "harness/cli/diagnosis.h"

#include <iostream>

#include "harness/cli/advice.h"
#include "harness/cli/namespace_findings.h"

namespace shmh {
namespace {

std::string code_of(const std::optional<report::Observation>& o) {
  return o && o->error ? o->error->symbol : "";
}

// The advice table's remedy for a code, in this caller's context (backend, session).
std::string remedy(std::string_view symbol, const DiagnoseFacts& f) {
  const auto advice = advice_for(symbol, AdviceContext{f.name, f.windows, f.token.session_id});
  return advice ? advice->remedy : "";
}

std::string session_text(const platform::TokenInfo& t) {
  return t.session_id ? "session " + std::to_string(*t.session_id) : "an unknown session";
}

// What this identity's attempts say: access, existence, the privilege rules.
Diagnosis explain_attempts(const DiagnoseFacts& f) {
  Diagnosis d;
  const bool global = f.name.rfind("Global\\", 0) == 0;
  const auto privilege = platform::find_privilege(f.token, "SeCreateGlobalPrivilege");
  const std::string open_code = code_of(f.open);
  const std::string create_code = code_of(f.create);
  const bool opened = f.open && f.open->ok;
  const bool created = f.create && f.create->ok;

  if (f.wine) {
    d.reasons.push_back("this is Wine " + *f.wine + ": it does not enforce SeCreateGlobalPrivilege or integrity levels, so an "
                        "access-denied seen on Windows may not reproduce here");
  }
  if (opened) {
    d.works = true;
    d.verdict = f.attempted_as + " can open '" + f.name + "' for " + f.access + ".";
    if (!f.object_kind.empty() && f.object_kind != "section" && f.object_kind != "shared-memory object") {
      d.reasons.push_back("the name holds a " + f.object_kind);
    }
    if (f.descriptor) d.reasons.push_back("its security descriptor allows it: " + *f.descriptor);
    return d;
  }

  if (open_code == "ERROR_INVALID_HANDLE") {
    const bool vowel = !f.object_kind.empty() && std::string("aeiou").find(f.object_kind[0]) != std::string::npos;
    d.verdict = "'" + f.name + "' is taken by " + (f.object_kind.empty() ? "an object of another kind" : (vowel ? "an " : "a ") + f.object_kind) +
                ", not a file mapping.";
    d.reasons.push_back("events, mutexes, semaphores, jobs and sections share one namespace: opening or creating a mapping "
                        "under another kind's name gives 6 ERROR_INVALID_HANDLE");
    d.advice.push_back(remedy("ERROR_INVALID_HANDLE", f) + " ('" + f.name + "-memory')");
    return d;
  }

  if (open_code == "ERROR_ACCESS_DENIED" || open_code == "EACCES") {
    d.verdict = "'" + f.name + "' exists, but " + f.attempted_as + " may not open it for " + f.access + ".";
    if (f.windows && f.token.integrity_level == "Low" && f.access != "read") {
      d.reasons.push_back("this process runs at Low integrity, and the mandatory policy forbids writing up to an object "
                          "of higher integrity (no-write-up), whatever the DACL grants");
      d.advice.push_back("open it for read only, or have the creator label the object Low (SDDL S:(ML;;NW;;;LW))");
    }
    if (f.descriptor) {
      d.reasons.push_back("its " + std::string(f.windows ? "DACL" : "mode") + " is " + *f.descriptor +
                          (f.owner ? ", owner " + *f.owner : "") + ", which does not grant " + f.access + " to " + f.token.user);
    } else {
      d.reasons.push_back(std::string("its security cannot be read from here either, so the ") +
                          (f.windows ? "DACL" : "mode bits") + " deny this identity");
    }
    d.advice.push_back(f.windows ? "have the creator pass a security descriptor that grants this account the access "
                                   "(e.g. SDDL D:(A;;GRGW;;;AU) for authenticated users), or ask for less (read)"
                                 : "have the creator use a mode that admits this user (0644 for readers, 0666 for writers) "
                                   "or run both sides as the same user");
    return d;
  }

  if (open_code == "ERROR_PATH_NOT_FOUND" || open_code == "EINVAL") {
    d.verdict = "'" + f.name + "' is not a valid object name here.";
    d.reasons.push_back("names are Local\\x, Global\\x or x: the prefix is case-sensitive and no backslash may follow it");
    d.advice.push_back(remedy(open_code, f));
    return d;
  }

  // Nothing holds the name: what happened when we tried to create it?
  d.reasons.push_back("no object named '" + f.name + "' exists (" +
                      (!open_code.empty() ? open_code : f.open ? "the open failed" : "nothing held it when the create was made") + ")");
  if (created) {
    d.works = true;
    d.verdict = "'" + f.name + "' does not exist yet; " + f.attempted_as + " can create it (the attempt's object is gone again).";
    // The table's words for "not there": who must create it, how long it lives on this backend.
    d.advice.push_back(remedy(f.windows ? "ERROR_FILE_NOT_FOUND" : "ENOENT", f));
    if (f.create->error && f.create->error->symbol == "ERROR_ALREADY_EXISTS") {
      d.reasons.push_back("it appeared between the open and the create (183): another process is creating it right now");
    }
    return d;
  }
  if (!f.create && (open_code == "ENOENT" || open_code == "ERROR_FILE_NOT_FOUND")) {
    // No create was attempted (`trace` judges the open the program made, and makes none itself).
    d.verdict = "'" + f.name + "' did not exist when " + f.attempted_as + " opened it.";
    d.advice.push_back(remedy(f.windows ? "ERROR_FILE_NOT_FOUND" : "ENOENT", f));
    return d;
  }
  if (create_code == "ERROR_ACCESS_DENIED" && f.windows && global) {
    const bool session0 = f.token.session_id && *f.token.session_id == 0;
    d.verdict = "'" + f.name + "' does not exist, and " + f.attempted_as + " may not create it.";
    if (session0) {
      d.reasons.push_back("this process is in session 0, where creating Global\\ objects needs no privilege: the denial "
                          "comes from the security of the Global namespace itself or from a restricted token");
    } else if (!privilege || !privilege->enabled) {
      d.reasons.push_back("creating Global\\ objects from " + session_text(f.token) +
                          " requires SeCreateGlobalPrivilege, which this process " +
                          (privilege ? "holds but has not enabled" : "lacks") + " (" + f.token.user +
                          (f.token.elevated && !*f.token.elevated ? ", not elevated" : "") + ")");
      d.advice.push_back("run elevated or as a service (both hold the privilege), or use Local\\ when both sides share a session");
      d.advice.push_back("opening an existing Global\\ object needs no privilege: let a service create it");
    } else {
      d.reasons.push_back("this process holds SeCreateGlobalPrivilege, so the denial comes from elsewhere (a restricted "
                          "token or the namespace's security)");
    }
    return d;
  }
  d.verdict = "'" + f.name + "' does not exist, and creating it failed with " + (create_code.empty() ? "an error" : create_code) + ".";
  if (create_code == "EACCES") {
    d.advice.push_back("this user may not create objects in /dev/shm: check its permissions");
  } else if (const auto r = remedy(create_code, f); !r.empty()) {
    d.advice.push_back(r);
  }
  return d;
}

}  // namespace

Diagnosis explain(const DiagnoseFacts& f) {
  Diagnosis d = explain_attempts(f);
  add_namespace_findings(f, d);
  add_identity_notes(f, d);
  return d;
}

void print_diagnosis(const Diagnosis& d) {
  std::cout << "verdict: " << d.verdict << "\n";
  if (!d.reasons.empty()) {
    std::cout << "why:\n";
    for (const auto& r : d.reasons) std::cout << "  - " << r << "\n";
  }
  if (!d.advice.empty()) {
    std::cout << "what to do:\n";
    for (const auto& a : d.advice) std::cout << "  - " << a << "\n";
  }
}

}  // namespace shmh
