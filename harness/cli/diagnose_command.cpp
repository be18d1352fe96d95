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
#include "harness/cli/open_style_attempts.h"
#include "harness/cli/save_scenario.h"
#include "harness/cli/units.h"
#include "harness/platform/memory_limits.h"
#include "harness/platform/open_styles.h"
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
  print_diagnosis(d);
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
  RoleClient role(platform::self_executable_path(), "diagnose", nullptr, request.identity);
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

namespace {

std::uint64_t checked_bytes(const std::optional<std::string>& text, const char* option) {
  if (!text) return 0;
  const auto value = text->empty() ? std::nullopt : (*text == "0" ? std::optional<std::uint64_t>(0) : parse_size(*text));
  if (!value) throw UsageError{std::string("invalid ") + option + " '" + *text + "': give a whole number of bytes, optionally with KiB, MiB or GiB"};
  return *value;
}

// --open-style's options as a plan; every misuse is a UsageError naming the option.
platform::OpenPlan checked_plan(const DiagnoseOptions& options, std::uint64_t granularity, bool windows) {
  const auto style = platform::find_open_style(options.open_style);
  if (!style) {
    throw UsageError{"unknown --open-style '" + options.open_style + "': use one of " + platform::open_style_names()};
  }
  const auto& spec = platform::open_style_spec(*style);
  if (!windows && !spec.posix_none.empty()) {
    throw UsageError{"--open-style " + std::string(spec.name) + " has no POSIX form: " + std::string(spec.posix_none)};
  }
  platform::OpenStyleOptions style_options;
  style_options.size = options.size;
  if (options.access_given) {
    if (*style != platform::OpenStyle::open) throw UsageError{"--access applies to --open-style open only: " + std::string(spec.name) + " asks for what its library asks for"};
    using namespace platform::mask;
    const std::string& a = options.access;
    if (a == "read") style_options.access = kFileMapRead;
    else if (a == "write") style_options.access = kFileMapRead | kFileMapWrite;
    else if (a == "all") style_options.access = kFileMapAllAccess;
    else if (a == "copy") style_options.access = kFileMapCopy;
    else if (a == "execute") style_options.access = kFileMapExecute | kFileMapRead;
    else {
      std::string why;
      style_options.access = platform::parse_mask(a, platform::MaskKind::access, why);
      if (!style_options.access) throw UsageError{"invalid --access '" + a + "': use read, write, all, copy, execute, or FILE_MAP_* names joined by '|' (" + why + ")"};
    }
  }
  if (options.protection) {
    if (*style != platform::OpenStyle::create_or_open) throw UsageError{"--protection applies to --open-style create-or-open only"};
    std::string why;
    style_options.protection = platform::parse_mask(*options.protection, platform::MaskKind::protection, why);
    if (!style_options.protection) throw UsageError{"invalid --protection '" + *options.protection + "': use PAGE_* names joined by '|' (" + why + ")"};
  }
  if (options.view_size) style_options.view_size = checked_bytes(options.view_size, "--view-size");
  style_options.view_offset = checked_bytes(options.view_offset, "--view-offset");
  return platform::plan_open(*style, style_options, granularity);
}

// What the machine's limits say about this object: a size that will not fit (/dev/shm's free
// space, the commit limit) and RemoveIPC deleting the owner's objects. Printed after the verdict.
std::vector<std::string> limit_warnings(const std::string& name, std::uint64_t size, bool windows) {
  const auto limits = platform::memory_limits();
  std::vector<std::string> warnings;
  if (auto w = platform::size_warning(limits, size, windows); !w.empty()) warnings.push_back("--size " + std::to_string(size) + ": " + w);
  if (!windows) {
    if (const auto uid = platform::shm_object_owner_uid(name)) {
      if (auto w = platform::remove_ipc_warning(limits, *uid); !w.empty()) warnings.push_back(w);
    }
  }
  return warnings;
}

void print_warnings(const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) std::cout << "  warning: " << w << "\n";
}

// --save-scenario: the attempts as a scenario file, or one line saying why they cannot be one.
// Returns the exit code: 2 when nothing could be saved.
int save_diagnosis(const DiagnoseFacts& facts, const platform::Identity& identity, const DiagnoseOptions& options,
                   int exit_code) {
  std::string why_not;
  const auto saved = scenario_from_diagnosis(facts, identity, options.size, why_not);
  if (!saved) {
    std::cerr << "shm-harness: nothing saved to " << options.save_scenario << ": " << why_not << std::endl;
    return kExitBadUsage;
  }
  write_scenario_file(options.save_scenario, saved->file, saved->comments);
  const auto& sc = saved->file.scenarios.front();
  (options.json ? std::cerr : std::cout) << "  saved:   " << options.save_scenario << " (" << sc.id << ": " << sc.steps.size()
                                         << " steps); replay it with: shm-harness run --file " << options.save_scenario << std::endl;
  return exit_code;
}

}  // namespace

int diagnose_command(const DiagnoseOptions& options) {
  if (options.name.empty()) throw UsageError{"invalid --name '': the name is empty"};
  if (options.sddl && !options.who) throw UsageError{"--sddl goes with --who"};
  if (!options.save_scenario.empty()) {
    if (options.who || !options.open_style.empty()) {
      throw UsageError{"--save-scenario saves the open and create attempts of a plain diagnose: not with --who or --open-style"};
    }
    check_writable_file(options.save_scenario);
  }
  if (options.who) {
    if (!options.open_style.empty()) throw UsageError{"--who and --open-style cannot be combined: pick one"};
    return diagnose_who(options);
  }
  if (options.open_style.empty() && (options.protection || options.view_size || options.view_offset)) {
    throw UsageError{"--protection, --view-size and --view-offset go with --open-style"};
  }
  const bool style_asked = !options.open_style.empty();
  if (!style_asked && options.access != "read" && options.access != "write" && options.access != "all") {
    std::string why;
    if (!platform::parse_mask(options.access, platform::MaskKind::access, why)) {
      throw UsageError{"invalid --access '" + options.access + "': use read, write, all, or FILE_MAP_* names joined by '|' (" + why + ")"};
    }
  }
  const bool windows = platform::backend() == platform::Backend::windows;
  platform::Identity identity;
  DiagnoseFacts facts;
  const int asked = int(options.as_restricted) + int(options.as_low_integrity) + int(options.as_app_container) +
                    int(options.as_filtered_admin) + int(!options.as_user.empty());
  if (asked > 1) {
    throw UsageError{"--as-restricted, --as-low-integrity, --as-app-container, --as-filtered-admin and --as-user cannot be combined: pick one"};
  }
  if (options.as_restricted) {
    identity = windows ? platform::Restriction::without_global_privilege : platform::Restriction::other_user;
    facts.attempted_as = windows ? "a child without SeCreateGlobalPrivilege" : "a child running as nobody";
  }
  if (options.as_low_integrity) {
    if (!windows) throw UsageError{"--as-low-integrity: integrity levels exist only on Windows"};
    identity = platform::Restriction::low_integrity;
    facts.attempted_as = "a Low-integrity child";
  }
  if (options.as_app_container || options.as_filtered_admin) {
    const char* option = options.as_app_container ? "--as-app-container" : "--as-filtered-admin";
    if (!windows) throw UsageError{std::string(option) + ": a Windows token; on POSIX use --as-user"};
    identity = options.as_app_container ? platform::Restriction::app_container : platform::Restriction::filtered_admin;
    facts.attempted_as = options.as_app_container ? "an AppContainer child" : "a child with the filtered administrator token";
  }
  if (!options.as_user.empty()) {
    if (windows) throw UsageError{"--as-user: POSIX only (another uid and gid); on Windows use --as-restricted, --as-low-integrity, --as-app-container or --as-filtered-admin"};
    const auto choice = platform::resolve_user(options.as_user);
    if (!choice.account) throw UsageError{"invalid --as-user '" + options.as_user + "': " + choice.problem};
    identity = platform::Identity::posix(*choice.account);
    facts.attempted_as = "a child running as " + platform::identity_name(identity);
  }
  if (auto unavailable = platform::identity_unavailable(identity)) throw UsageError{"cannot diagnose " + facts.attempted_as + ": " + *unavailable};

  if (style_asked) {
    std::uint64_t granularity = platform::machine_info().allocation_granularity;
    if (granularity == 0) granularity = windows ? 65536 : 4096;
    OpenStyleRequest request{options.name, checked_plan(options, granularity, windows), granularity, identity, facts.attempted_as};
    std::string failure;
    auto gathered = attempt_open_style(request, failure);
    if (!gathered) {
      std::cerr << "shm-harness: diagnose could not finish its attempts: " << failure;
      return kExitFailed;
    }
    const Diagnosis diagnosis = explain_open_style(*gathered);
    const auto warnings = limit_warnings(options.name, options.size, windows);
    if (options.json) {
      auto j = open_style_to_json(*gathered, diagnosis);
      j["warnings"] = warnings;
      std::cout << j.dump(2) << std::endl;
    } else {
      print_open_style(*gathered, diagnosis);
      print_warnings(warnings);
    }
    return diagnosis.works ? kExitPassed : kExitFailed;
  }

  std::string failure;
  auto gathered = attempt_diagnosis({options.name, options.access, options.size, identity, facts.attempted_as}, failure);
  if (!gathered) {
    std::cerr << "shm-harness: diagnose could not finish its attempts: " << failure;
    return kExitFailed;
  }
  facts = std::move(*gathered);
  const Diagnosis diagnosis = explain(facts);
  const auto warnings = limit_warnings(options.name, options.size, windows);
  if (options.json) {
    auto j = diagnosis_to_json(facts, diagnosis);
    j["warnings"] = warnings;
    std::cout << j.dump(2) << std::endl;
  } else {
    print_text(facts, diagnosis);
    print_warnings(warnings);
  }
  const int exit_code = diagnosis.works ? kExitPassed : kExitFailed;
  return options.save_scenario.empty() ? exit_code : save_diagnosis(facts, identity, options, exit_code);
}

}  // namespace shmh
