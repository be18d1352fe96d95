// What each failing traced call means, from the call as the program made it and what the
// namespace holds now: diagnose's rules for the open, the call's own facts for the rest.
#include "harness/cli/trace_verdicts.h"

#include <algorithm>

#include "harness/cli/advice.h"
#include "harness/cli/namespace_findings.h"
#include "harness/cli/trace_section_verdicts.h"
#include "harness/platform/call_decode.h"
#include "harness/platform/mask_names.h"
#include "harness/platform/object_namespace.h"
#include "harness/platform/os_error.h"
#include "harness/platform/security.h"

namespace shmh {
namespace {

using platform::TracedCall;
namespace mask = platform::mask;

std::string arg(const TracedCall& c, const std::string& name) {
  for (const auto& a : c.args) {
    if (a.name == name) return a.value;
  }
  return "";
}

bool has_flag(const std::string& flags, const std::string& flag) {
  return ("|" + flags + "|").find("|" + flag + "|") != std::string::npos;
}

bool wants_write(const TracedCall& c) { return c.access && (*c.access & mask::kFileMapWrite); }

std::string message_of(const TracedCall& c) { return platform::make_os_error(c.api, c.error).message; }

std::string who(const TracedCall& c) { return "pid " + std::to_string(c.pid) + " (as traced)"; }

// The shm_open (same process, before `index`) that returned the descriptor `index` used.
const TracedCall* open_of(const std::vector<TracedCall>& calls, std::size_t index) {
  const auto& c = calls[index];
  for (std::size_t i = index; i-- > 0;) {
    const auto& o = calls[i];
    if (o.pid == c.pid && o.api == "shm_open" && !o.failed && o.result_value == c.handle) return &o;
  }
  return nullptr;
}

// The object's size as the trace last set it (ftruncate), else as it is now.
std::optional<std::uint64_t> known_size(const std::vector<TracedCall>& calls, std::size_t index, const TracedNameFacts* facts) {
  const auto& c = calls[index];
  for (std::size_t i = index; i-- > 0;) {
    const auto& o = calls[i];
    if (o.api == "ftruncate" && !o.failed && o.object_name == c.object_name && o.size) return o.size;
  }
  return facts ? facts->size : std::nullopt;
}

// What the mode bits grant this identity: read and write, from owner or others' bits.
struct Granted {
  bool known = false, read = false, write = false, owner = false;
};
Granted granted_by_mode(const TracedNameFacts& f, const platform::TokenInfo& token) {
  Granted g;
  if (!f.descriptor || f.descriptor->empty()) return g;
  unsigned mode = 0;
  try {
    mode = static_cast<unsigned>(std::stoul(*f.descriptor, nullptr, 8));
  } catch (...) {
    return g;
  }
  g.known = true;
  g.owner = f.owner && *f.owner == token.user;
  const unsigned bits = g.owner ? (mode >> 6) & 7u : mode & 7u;
  g.read = bits & 4u;
  g.write = bits & 2u;
  return g;
}

Diagnosis judge_open(const TracedCall& c, const TracedNameFacts* n, const platform::TokenInfo& token, bool windows) {
  const std::string flags = arg(c, "oflag");
  const bool create = has_flag(flags, "O_CREAT");
  Diagnosis d;
  if (c.error_symbol == "EEXIST" && create) {
    d.verdict = "'" + c.object_name + "' already existed, and " + flags + " refuses to open an existing object.";
    d.reasons.push_back("O_CREAT|O_EXCL creates only: an object of that name was there (POSIX names live until shm_unlink, "
                        "so a program that died without unlinking leaves its object behind)");
    d.advice.push_back("drop O_EXCL to open the existing object, or shm_unlink(\"" + c.object_name +
                       "\") the leftover before creating it");
    auto f = traced_call_facts(c, n, token, windows);
    Diagnosis findings;
    add_namespace_findings(f, findings);
    d.reasons.insert(d.reasons.end(), findings.reasons.begin(), findings.reasons.end());
    d.advice.insert(d.advice.end(), findings.advice.begin(), findings.advice.end());
    return d;
  }
  const bool exists_now = n && !n->object_kind.empty();
  const bool diagnosed = c.error_symbol == "ENOENT" || c.error_symbol == "EACCES" || c.error_symbol == "EPERM" || c.error_symbol == "EINVAL";
  if ((create && !exists_now && c.error_symbol != "EACCES") || !diagnosed) {
    d.verdict = std::string(create ? "creating" : "opening") + " '" + c.object_name + "' failed with " + c.error_symbol + ".";
    if (const auto a = advice_for(c.error_symbol, AdviceContext{c.object_name, windows, std::nullopt})) {
      d.reasons.push_back(a->meaning);
      d.advice.push_back(a->remedy);
    }
    return d;
  }
  d = explain(traced_call_facts(c, n, token, windows));
  if ((c.error_symbol == "EACCES" || c.error_symbol == "EPERM") && n) {
    const auto g = granted_by_mode(*n, token);
    if (g.known) {
      const std::string whose = g.owner ? "its owner's bits" : "the bits for others (this user is not its owner " +
                                                                   n->owner.value_or("?") + ")";
      d.reasons.insert(d.reasons.begin(), "the call asked " + flags + "; mode " + *n->descriptor + " grants " + token.user +
                                              " (" + whose + ") " +
                                              (g.read ? (g.write ? "read and write" : "read only") : "neither read nor write"));
      if (wants_write(c) && g.read && !g.write) {
        d.advice.insert(d.advice.begin(), "open it with O_RDONLY and map it PROT_READ: that much the mode grants");
      }
    }
  }
  return d;
}

Diagnosis judge_view(const std::vector<TracedCall>& calls, std::size_t i, std::uint64_t page, bool windows) {
  const auto& c = calls[i];
  const auto* open = open_of(calls, i);
  const std::string prot = arg(c, "prot"), flags = arg(c, "flags");
  Diagnosis d;
  d.verdict = "mmap of '" + c.object_name + "' (" + prot + ", " + flags + ", " + std::to_string(c.size.value_or(0)) +
              " bytes at offset " + std::to_string(c.offset.value_or(0)) + ") failed with " + c.error_symbol + ".";
  const auto offset = c.offset.value_or(0);
  if (c.error_symbol == "EACCES" && open) {
    const std::string open_flags = arg(*open, "oflag");
    const bool read_only = !wants_write(*open);
    if (read_only && has_flag(prot, "PROT_WRITE") && has_flag(flags, "MAP_SHARED")) {
      d.reasons.push_back("the descriptor came from shm_open(\"" + c.object_name + "\", " + open_flags +
                          "): a MAP_SHARED view with PROT_WRITE needs a descriptor opened O_RDWR");
      d.advice.push_back("open with O_RDWR (when the mode grants write), or map PROT_READ only, or MAP_PRIVATE for a "
                         "private copy (FILE_MAP_COPY's counterpart)");
      return d;
    }
    d.reasons.push_back("the descriptor came from shm_open(\"" + c.object_name + "\", " + open_flags + "), which does not allow " + prot);
  } else if (c.error_symbol == "EINVAL" && page != 0 && offset % page != 0) {
    d.reasons.push_back("the offset " + std::to_string(offset) + " is not a multiple of the page size (" + std::to_string(page) + ")");
    d.advice.push_back("map from " + std::to_string(offset - offset % page) + " and add " + std::to_string(offset % page) +
                       " to the pointer");
    return d;
  } else if (c.error_symbol == "EINVAL" && c.size.value_or(0) == 0) {
    d.reasons.push_back("a length of 0 is refused: POSIX has no \"map the whole object\" size (MapViewOfFile's 0)");
    d.advice.push_back("map the object's size (fstat's st_size)");
    return d;
  } else if (c.error_symbol == "ENXIO" || c.error_symbol == "EOVERFLOW") {
    d.reasons.push_back("the view's range lies beyond what the object can be mapped at");
    d.advice.push_back("map no more than the object's size, from an offset inside it");
    return d;
  }
  return with_general_advice(std::move(d), c, windows);
}

// A view that succeeded but reaches past its object: touching the part beyond gives SIGBUS.
std::optional<Diagnosis> judge_view_size(const std::vector<TracedCall>& calls, std::size_t i, const TracedNameFacts* n) {
  const auto& c = calls[i];
  const auto size = known_size(calls, i, n);
  const auto end = c.offset.value_or(0) + c.size.value_or(0);
  if (!size || end <= *size) return std::nullopt;
  Diagnosis d;
  d.works = true;
  d.verdict = "the view of '" + c.object_name + "' maps " + std::to_string(c.size.value_or(0)) + " bytes from offset " +
              std::to_string(c.offset.value_or(0)) + ", past the object's " + std::to_string(*size) + " bytes.";
  d.reasons.push_back("mmap accepts a length past the end of a shared-memory object; touching a page wholly beyond its end "
                      "raises SIGBUS (where Windows' MapViewOfFile refuses the view with 5 ERROR_ACCESS_DENIED)");
  d.advice.push_back("size the object first (ftruncate to at least " + std::to_string(end) +
                     " bytes), or map no more than its size (fstat's st_size)");
  return d;
}

Diagnosis judge_other(const TracedCall& c, const std::vector<TracedCall>& calls, std::size_t i, const TracedNameFacts* n,
                      const platform::TokenInfo& token, bool windows) {
  Diagnosis d;
  d.verdict = c.api + " of '" + c.object_name + "' failed with " + c.error_symbol + ".";
  if (c.api == "ftruncate" && (c.error_symbol == "EINVAL" || c.error_symbol == "EBADF")) {
    if (const auto* open = open_of(calls, i); open && !wants_write(*open)) {
      d.reasons.push_back("the descriptor came from shm_open(\"" + c.object_name + "\", " + arg(*open, "oflag") +
                          "): ftruncate needs a descriptor opened for writing");
      d.advice.push_back("open with O_RDWR to size the object (its creator usually does)");
      return d;
    }
  }
  if (c.api == "shm_unlink" && c.error_symbol == "ENOENT") {
    d.reasons.push_back("nothing named '" + c.object_name + "' existed to remove: it was never created, or was removed already");
    return d;
  }
  if (c.api == "shm_unlink" && (c.error_symbol == "EACCES" || c.error_symbol == "EPERM")) {
    d.reasons.push_back("/dev/shm is sticky (mode 1777): only an object's owner" +
                        (n && n->owner ? " (" + *n->owner + ")" : std::string()) + " or root may remove it; this is " + token.user);
    d.advice.push_back("remove it as its owner, or have the owner remove it when done");
    return d;
  }
  return with_general_advice(std::move(d), c, windows);
}

}  // namespace

DiagnoseFacts traced_call_facts(const TracedCall& c, const TracedNameFacts* n, const platform::TokenInfo& token, bool windows) {
  DiagnoseFacts f = n ? n->namespace_facts : DiagnoseFacts{};
  f.name = c.object_name;
  f.access = wants_write(c) ? "write" : "read";
  f.windows = windows;
  f.attempted_as = who(c);
  f.token = token;
  if (n) {
    f.object_kind = n->object_kind;
    f.owner = n->owner;
    f.descriptor = n->descriptor;
  }
  report::Observation o;
  o.role = "traced";
  o.pid = c.pid;
  o.api = c.api;
  o.name = c.object_name;
  o.ok = !c.failed;
  o.at_ms = c.t_ms;
  if (c.failed) o.error = report::ErrorInfo{c.error, c.error_symbol, message_of(c)};
  // A create that failed made no open: its observation is the create (diagnose's rules for a
  // name nobody holds, e.g. Global\ without SeCreateGlobalPrivilege).
  const auto* api = platform::find_traced_api(c.api);
  if (api && api->kind == platform::TracedApiKind::create && n && n->object_kind.empty()) {
    f.create = o;
  } else {
    f.open = o;
  }
  return f;
}

// The advice table's meaning and remedy for the call's code, when no rule above says more.
Diagnosis with_general_advice(Diagnosis d, const TracedCall& c, bool windows) {
  if (const auto a = advice_for(c.error_symbol, AdviceContext{c.object_name, windows, std::nullopt})) {
    d.reasons.push_back(a->meaning);
    d.advice.push_back(a->remedy);
  }
  return d;
}

// Whether judge_calls will want the facts of this call's name.
static bool wants_name_facts(const TracedCall& c) {
  return !c.object_name.empty() && (c.failed || c.api == "mmap" || c.error_symbol == "ERROR_ALREADY_EXISTS");
}

std::vector<std::string> names_to_judge(const std::vector<TracedCall>& calls) {
  std::vector<std::string> names;
  for (const auto& c : calls) {
    if (wants_name_facts(c) && std::find(names.begin(), names.end(), c.object_name) == names.end()) {
      names.push_back(c.object_name);
    }
  }
  return names;
}

void NameFactsAtCall::on_call(const TracedCall& call) {
  if (!wants_name_facts(call)) return;
  {
    std::lock_guard lock(mutex_);
    for (const auto& f : facts_) {
      if (f.name == call.object_name) return;
    }
  }
  auto facts = gather_name_facts(call.object_name);
  std::lock_guard lock(mutex_);
  facts_.push_back(std::move(facts));
}

std::vector<TracedNameFacts> NameFactsAtCall::facts(const std::vector<TracedCall>& calls) {
  std::lock_guard lock(mutex_);
  for (const auto& name : names_to_judge(calls)) {
    const bool known = std::any_of(facts_.begin(), facts_.end(), [&](const TracedNameFacts& f) { return f.name == name; });
    if (!known) facts_.push_back(gather_name_facts(name));
  }
  return facts_;
}

TracedNameFacts gather_name_facts(const std::string& name) {
  TracedNameFacts f;
  f.name = name;
  platform::NamespaceQuery query;
  query.scope = platform::NamespaceScope::all;
  if (const auto snapshot = platform::snapshot_namespace(query)) {
    f.namespace_facts.namespace_read = true;
    for (const auto& r : platform::related_objects(snapshot.value(), name)) {
      f.namespace_facts.related.push_back({r.kind, *r.object});
      if (r.kind == platform::NearMiss::exact) f.size = r.object->size;
    }
    f.namespace_facts.unreadable = snapshot.value().unreadable;
  }
  f.object_kind = platform::object_kind(name);
  if (const auto security = platform::mapping_security(name)) {
    f.owner = security.value().owner;
    f.descriptor = security.value().descriptor;
    f.granted_here = security.value().granted_here;
  }
  return f;
}

std::vector<TraceVerdict> judge_calls(const std::vector<TracedCall>& calls, const std::vector<TracedNameFacts>& names,
                                      const platform::TokenInfo& token, std::uint64_t granularity, bool windows) {
  std::vector<TraceVerdict> verdicts;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const auto& c = calls[i];
    const TracedNameFacts* n = nullptr;
    for (const auto& f : names) {
      if (f.name == c.object_name) n = &f;
    }
    if (platform::find_traced_api(c.api)) {  // a Windows section call
      if (auto d = judge_section_call(calls, i, n, token, granularity)) verdicts.push_back({i, std::move(*d)});
      continue;
    }
    if (!c.failed) {
      if (c.api == "mmap") {
        if (auto d = judge_view_size(calls, i, n)) verdicts.push_back({i, std::move(*d)});
      }
      continue;
    }
    if (c.api == "shm_open") verdicts.push_back({i, judge_open(c, n, token, windows)});
    else if (c.api == "mmap") verdicts.push_back({i, judge_view(calls, i, granularity, windows)});
    else verdicts.push_back({i, judge_other(c, calls, i, n, token, windows)});
  }
  return verdicts;
}

std::string call_text(const TracedCall& c) {
  std::string args;
  for (const auto& a : c.args) args += (args.empty() ? "" : ", ") + a.value;
  std::string text = c.api + "(" + args + ") = " + c.result;
  if (c.failed) text += " " + c.error_symbol + " (" + message_of(c) + ")";
  return text;
}

nlohmann::json call_to_json(const TracedCall& c) {
  nlohmann::json args = nlohmann::json::array();
  for (const auto& a : c.args) args.push_back({{"name", a.name}, {"value", a.value}});
  nlohmann::json j = {{"pid", c.pid}, {"tid", c.tid}, {"t_ms", c.t_ms}, {"api", c.api}, {"args", args},
                      {"object_name", c.object_name}, {"handle", c.handle}, {"result", c.result},
                      {"result_value", c.result_value}, {"failed", c.failed}, {"error", c.error},
                      {"error_symbol", c.error_symbol}, {"text", call_text(c)}};
  using platform::MaskKind;
  if (c.access) j["access"] = platform::mask_name(*c.access, MaskKind::access);
  if (c.protection) j["protection"] = platform::mask_name(*c.protection, MaskKind::protection);
  if (c.size) j["size"] = *c.size;
  if (c.offset) j["offset"] = *c.offset;
  if (!c.sddl.empty()) j["sddl"] = c.sddl;
  if (c.failed) j["error_message"] = message_of(c);
  return j;
}

}  // namespace shmh
