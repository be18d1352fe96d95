// `diagnose`: what this process (or a child with less power) may do with a name, and why.
// The attempts run in a role process, so --as-restricted and --as-low-integrity are the same
// code path; an object the create attempt made is closed (and unlinked on POSIX) at once.
#include <chrono>
#include <iostream>

#include "harness/cli/commands.h"
#include "harness/cli/diagnose_attempts.h"
#include "harness/cli/diagnosis.h"
#include "harness/cli/exit_codes.h"
#include "harness/cli/namespace_findings.h"
#include "harness/platform/mask_names.h"
#include "harness/platform/this_process.h"
#include "harness/platform/shared_memory.h"
#include "harness/platform/system_info.h"
#include "reports/json_report.h"
#include "harness/orchestrator/role_client.h"
#include "harness/orchestrator/scenario_context.h"
#include "harness/protocol/namespace_json.h"
#include "harness/protocol/token_json.h"

namespace shmh {
namespace {

using namespace std::chrono_literals;

std::string privileges_text(const platform::TokenInfo& t) {
  std::string text;
  for (const auto& p : t.privileges) text += (text.empty() ? "" : ", ") + p.name + (p.enabled ? "" : " (disabled)");
  if (text.empty() && t.uid == 0) return "none needed: uid 0 (root) bypasses the mode bits";
  return text.empty() ? "none" : text;
}

// Where the name and its near misses are, and who holds them: read in this process before the
// attempts, so the attempt's own object never shows up. Reading holds nothing.
void gather_namespace_facts(DiagnoseFacts& facts) {
  platform::NamespaceQuery query;
  query.scope = platform::NamespaceScope::all;
  const auto snapshot = platform::snapshot_namespace(query);
  if (!snapshot) return;
  facts.namespace_read = true;
  for (const auto& r : platform::related_objects(snapshot.value(), facts.name)) facts.related.push_back({r.kind, *r.object});
  facts.unreadable = snapshot.value().unreadable;
}

void print_namespace(const DiagnoseFacts& f) {
  if (!f.namespace_read) return;
  if (f.related.empty()) std::cout << "  seen:    nothing by this name or a near one\n";
  for (const auto& r : f.related) {
    std::cout << "  seen:    " << r.object.name << " (" << r.object.type << ", " << platform::near_miss_name(r.kind) << ") in "
              << r.object.directory << "\n";
    for (const auto& h : r.object.holders) std::cout << "           " << holder_text(h) << "\n";
  }
}

nlohmann::json namespace_json(const DiagnoseFacts& f) {
  nlohmann::json related = nlohmann::json::array();
  for (const auto& r : f.related) {
    auto entry = object_to_json(r.object);
    entry["relation"] = platform::near_miss_name(r.kind);
    related.push_back(std::move(entry));
  }
  nlohmann::json unreadable = nlohmann::json::array();
  for (const auto& u : f.unreadable) unreadable.push_back({{"pid", u.pid}, {"image", u.image}, {"reason", u.reason}});
  return {{"read", f.namespace_read}, {"related", related}, {"unreadable", unreadable}};
}

void print_text(const DiagnoseFacts& f, const Diagnosis& d) {
  const auto& t = f.token;
  std::cout << "diagnose " << f.name << " (" << f.access << ") as " << f.attempted_as << "\n";
  std::cout << "  who:     " << t.user << ", " << (t.session_id ? "session " + std::to_string(*t.session_id) : "session unknown");
  if (!t.integrity_level.empty()) std::cout << ", " << t.integrity_level << " integrity";
  if (t.elevated) std::cout << (*t.elevated ? ", elevated" : ", not elevated");
  if (t.service) std::cout << ", service";
  std::cout << "\n  privileges: " << privileges_text(t) << "\n";
  std::cout << "  object:  " << (f.object_kind.empty() ? "nothing holds this name" : "a " + f.object_kind);
  if (f.owner) std::cout << ", owner " << *f.owner;
  if (f.descriptor) std::cout << ", " << (f.windows ? "DACL " : "mode ") << *f.descriptor;
  std::cout << "\n";
  print_namespace(f);
  if (f.open) std::cout << "  open:    " << describe(*f.open) << (f.open->error ? " — " + f.open->error->message : "") << "\n";
  if (f.create) {
    std::cout << "  create:  " << describe(*f.create) << (f.create->error ? " — " + f.create->error->message : "")
              << (f.create->ok ? " (closed again: nothing left behind)" : "") << "\n";
  }
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

}  // namespace

nlohmann::json diagnosis_to_json(const DiagnoseFacts& f, const Diagnosis& d) {
  nlohmann::json j = {{"name", f.name}, {"access", f.access}, {"attempted_as", f.attempted_as},
                      {"token", token_to_json(f.token)}, {"object_kind", f.object_kind},
                      {"verdict", d.verdict}, {"works", d.works}, {"reasons", d.reasons}, {"advice", d.advice}};
  if (f.open) j["open"] = report::to_json(*f.open);
  if (f.create) j["create"] = report::to_json(*f.create);
  if (f.owner) j["owner"] = *f.owner;
  if (f.descriptor) j["descriptor"] = *f.descriptor;
  j["namespace"] = namespace_json(f);
  j["wine"] = f.wine ? nlohmann::json(*f.wine) : nlohmann::json(nullptr);
  return j;
}

std::optional<DiagnoseFacts> attempt_diagnosis(const DiagnoseRequest& request, std::string& failure) {
  DiagnoseFacts facts;
  facts.name = request.name;
  facts.access = request.access;
  facts.attempted_as = request.attempted_as;
  facts.windows = platform::backend() == platform::Backend::windows;
  facts.wine = platform::machine_info().wine_version;
  gather_namespace_facts(facts);
  RoleClient role(platform::self_executable_path(), "diagnose", nullptr, request.restriction);
  try {
    facts.token = role.call(cmd::Token{}, 10s).reply.token;
    const auto security = role.call(cmd::Security{.name = request.name}, 10s);
    facts.object_kind = security.reply.kind;
    if (security.ok) {
      facts.owner = security.reply.owner;
      facts.descriptor = security.reply.descriptor;
    }
    // read, write and all are the words; anything else is an access mask by name (checked before).
    const bool word = request.access == "read" || request.access == "write" || request.access == "all";
    cmd::Open open{.name = request.name, .access = request.access == "read" ? "read" : "write"};
    if (!word) open.access_mask = request.access;
    facts.open = role.call(open, 10s);
    const std::string code = facts.open->error ? facts.open->error->symbol : "";
    if (!facts.open->ok && (code == "ERROR_FILE_NOT_FOUND" || code == "ENOENT")) {
      facts.create = role.call(cmd::Create{.name = request.name, .size = request.size, .slot = "attempt"}, 10s);
      if (facts.create->ok) {
        role.call(cmd::Close{.slot = "attempt"}, 10s);
        const bool ours = !(facts.create->error && facts.create->error->symbol == "ERROR_ALREADY_EXISTS");
        if (!facts.windows && ours) role.call(cmd::Unlink{.name = request.name}, 10s);
      }
    }
  } catch (const RoleFailure& error) {
    failure = std::string(error.what()) + "\n" + role.log();
    return std::nullopt;
  }
  role.finish(5s);
  return facts;
}

int diagnose_command(const DiagnoseOptions& options) {
  if (options.name.empty()) throw UsageError{"invalid --name '': the name is empty"};
  if (options.access != "read" && options.access != "write" && options.access != "all") {
    std::string why;
    if (!platform::parse_mask(options.access, platform::MaskKind::access, why)) {
      throw UsageError{"invalid --access '" + options.access + "': use read, write, all, or FILE_MAP_* names joined by '|' (" + why + ")"};
    }
  }
  const bool windows = platform::backend() == platform::Backend::windows;
  platform::Restriction restriction = platform::Restriction::none;
  DiagnoseFacts facts;
  if (options.as_restricted && options.as_low_integrity) {
    throw UsageError{"--as-restricted and --as-low-integrity cannot be combined: pick one"};
  }
  if (options.as_restricted) {
    restriction = windows ? platform::Restriction::without_global_privilege : platform::Restriction::other_user;
    facts.attempted_as = windows ? "a child without SeCreateGlobalPrivilege" : "a child running as nobody";
  }
  if (options.as_low_integrity) {
    if (!windows) throw UsageError{"--as-low-integrity: integrity levels exist only on Windows"};
    restriction = platform::Restriction::low_integrity;
    facts.attempted_as = "a Low-integrity child";
  }
  if (auto unavailable = platform::restriction_unavailable(restriction)) throw UsageError{"cannot diagnose " + facts.attempted_as + ": " + *unavailable};

  std::string failure;
  auto gathered = attempt_diagnosis({options.name, options.access, options.size, restriction, facts.attempted_as}, failure);
  if (!gathered) {
    std::cerr << "shm-harness: diagnose could not finish its attempts: " << failure;
    return kExitFailed;
  }
  facts = std::move(*gathered);
  const Diagnosis diagnosis = explain(facts);
  if (options.json) {
    std::cout << diagnosis_to_json(facts, diagnosis).dump(2) << std::endl;
  } else {
    print_text(facts, diagnosis);
  }
  return diagnosis.works ? kExitPassed : kExitFailed;
}

}  // namespace shmh
