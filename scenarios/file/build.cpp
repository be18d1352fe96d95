// Scenario files: the body that runs a FileScenario's steps through the ScenarioContext. A step's
// result is checked against its expectation (expected against observed in the report); the first
// step that differs ends the scenario as failed.
#include "scenarios/file/build.h"

#include <algorithm>
#include <iterator>
#include <type_traits>
#include <map>
#include <memory>

#include "harness/orchestrator/scenario_context.h"
#include "harness/platform/error_symbols.h"
#include "harness/platform/identity.h"
#include "harness/platform/mask_names.h"
#include "harness/platform/open_styles.h"
#include "harness/platform/shared_memory.h"
#include "harness/platform/system_info.h"
#include "harness/protocol/commands.h"
#include "reports/metrics.h"

namespace shmh::scenario_file {
namespace {

using platform::Identity;
using platform::Restriction;

std::string joined_names(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

// The `do` of a step, in StepAction's order (model.h).
std::string kind_of(const StepAction& action) {
  static constexpr const char* kNames[] = {"create", "open", "map", "write", "read", "close",
                                           "unmap", "exit", "crash", "hold", "race"};
  static_assert(std::size(kNames) == std::variant_size_v<StepAction>);
  static_assert(std::is_same_v<std::variant_alternative_t<5, StepAction>, CloseStep>);
  return kNames[action.index()];
}

std::optional<std::string> mask_or_access(const std::optional<std::string>& text, bool want_mask) {
  if (!text) return std::nullopt;
  const bool plain = *text == "read" || *text == "write";
  return plain != want_mask ? text : std::nullopt;
}

class FileRun {
 public:
  FileRun(ScenarioContext& ctx, const FileScenario& scenario, const std::string& path)
      : ctx_(ctx), scenario_(scenario), path_(path), platform_(ctx.on_windows() ? "windows" : "posix") {}
  FileRun(const FileRun&) = delete;
  FileRun& operator=(const FileRun&) = delete;

  ~FileRun() {
    // Exact names a step created: POSIX keeps them until unlinked (per-run names go with the run).
    if (!platform::names_persist_until_unlinked()) return;
    for (const auto& name : exact_created_) (void)platform::unlink_mapping(name);  // already gone: fine
  }

  void run() {
    const auto& platforms = scenario_.platforms;
    if (!platforms.empty() && std::find(platforms.begin(), platforms.end(), platform_) == platforms.end()) {
      ctx_.skip("this scenario is for " + joined_names(platforms) + " only (platforms in " + path_ + "); this is the " +
                platform_ + " backend");
    }
    for (std::size_t i = 0; i < scenario_.steps.size(); ++i) {
      index_ = i + 1;
      step_ = &scenario_.steps[i];
      std::visit([this](const auto& action) { this->act(action); }, step_->action);
    }
    ctx_.note(notes_);
  }

 private:
  // "step 2 (create by second, orders.toml:27)"
  std::string where() const {
    std::string text = "step " + std::to_string(index_) + " (" + kind_of(step_->action);
    if (!step_->role.empty()) text += " by " + step_->role;
    return text + ", " + path_ + ":" + std::to_string(step_->pos.line) + ")";
  }

  // The expectation that applies on this platform: `both`, this platform's own, else success.
  std::optional<ExpectedCode> applying(const Expectation& e, bool default_success) const {
    if (e.both) return e.both;
    const auto& own = platform_ == "windows" ? e.windows : e.posix;
    if (own) return own;
    return default_success ? std::optional<ExpectedCode>(ExpectedCode{"success", std::nullopt}) : std::nullopt;
  }

  static bool matches(const ExpectedCode& want, const report::Observation& o, bool windows) {
    const bool clean = o.ok && !o.error;
    if (want.number) return *want.number == 0 ? clean : (o.error && o.error->code == *want.number);
    if (want.symbol == "any") return true;
    if (want.symbol == "success") return clean;
    const auto code = windows ? platform::windows_error_code(want.symbol) : platform::posix_error_code(want.symbol);
    return code && o.error && o.error->code == *code;
  }

  static std::string text_of(const ExpectedCode& want) {
    return want.number ? std::to_string(*want.number) : want.symbol;
  }

  static std::string result_of(const report::Observation& o) {
    if (o.error) return std::to_string(o.error->code) + " " + o.error->symbol;
    return o.ok ? "success" : "failed";
  }

  // The step's OS call against its expectation (and its skip_when, first).
  void check(const report::Observation& o) {
    const bool windows = platform_ == "windows";
    if (step_->skip_when) {
      const auto skip = applying(step_->skip_when->result, false);
      if (skip && matches(*skip, o, windows)) {
        ctx_.skip(step_->skip_when->reason + ": " + where() + " returned " + result_of(o) + " (" + describe(o) + ")");
      }
    }
    const auto want = applying(step_->expect.value_or(Expectation{}), true);
    if (!matches(*want, o, windows)) {
      throw ScenarioFailed{where() + ": expected " + text_of(*want) + ", observed " + result_of(o) + ": " + describe(o)};
    }
    add_note(kind_of(step_->action) + " " + result_of(o));
  }

  void add_note(const std::string& text) {
    notes_ += (notes_.empty() ? "" : "; ") + std::to_string(index_) + " " + text;
  }

  const Role* declared(const std::string& name) const {
    for (const auto& role : scenario_.roles) {
      if (role.name == name) return &role;
    }
    return nullptr;
  }

  static Identity identity_of(const Role& role) {
    if (role.identity == "no-global-privilege") return Restriction::without_global_privilege;
    if (role.identity == "no-lock-memory-privilege") return Restriction::without_lock_memory_privilege;
    if (role.identity == "low-integrity") return Restriction::low_integrity;
    if (role.identity == "app-container") return Restriction::app_container;
    if (role.identity == "filtered-admin") return Restriction::filtered_admin;
    if (role.identity == "other-user") {
      if (!role.uid) return Restriction::other_user;  // nobody
      return Identity::posix(platform::PosixAccount{*role.uid, role.gid.value_or(*role.uid), ""});
    }
    return {};
  }

  // The role's process, started when it first acts; a role whose identity this machine cannot make
  // skips the scenario with the probe's reason.
  RoleClient& role(const std::string& name) {
    if (const auto ended = ended_.find(name); ended != ended_.end()) {
      throw ScenarioFailed{where() + ": role '" + name + "' ended at step " + std::to_string(ended->second) +
                           " and cannot act again"};
    }
    if (const auto found = started_.find(name); found != started_.end()) return *found->second;
    const Role* declared_role = declared(name);
    const Identity identity = declared_role ? identity_of(*declared_role) : Identity{};
    if (auto unavailable = platform::identity_unavailable(identity)) {
      ctx_.skip("role '" + name + "' (" + declared_role->identity + ") cannot be made here: " + *unavailable);
    }
    RoleClient& started = ctx_.start_role(name, identity);
    started_[name] = &started;
    if (identity.restriction != Restriction::none) probe_identity(started, *declared_role);
    return started;
  }

  // What the role's token really is: a restriction the machine does not enforce is a skip, as the
  // built-in privilege scenarios do, never a pass by accident.
  void probe_identity(RoleClient& started, const Role& declared_role) {
    const auto token = ctx_.call(started, cmd::Token{});
    const auto& info = token.reply.token;
    ctx_.metrics().values[declared_role.name + "_identity"] =
        declared_role.identity + ": " + (info.user.empty() ? "uid " + std::to_string(info.uid) : info.user) +
        (info.integrity_level.empty() ? "" : ", " + info.integrity_level + " integrity") +
        (info.session_id ? ", session " + std::to_string(*info.session_id) : "");
    if (declared_role.identity == "no-global-privilege" && platform::find_privilege(info, "SeCreateGlobalPrivilege")) {
      throw ScenarioFailed{"role '" + declared_role.name + "' still holds SeCreateGlobalPrivilege: the restriction did not take"};
    }
    if (declared_role.identity == "low-integrity" && info.integrity_level != "Low") {
      const auto wine = platform::machine_info().wine_version;
      ctx_.skip("not enforced here: role '" + declared_role.name + "', given the Low mandatory label, runs at " +
                info.integrity_level + " integrity" + (wine ? " (Wine " + *wine + ")" : ""));
    }
  }

  RoleClient& actor() { return role(step_->role); }

  std::string object(const ObjectName& written, bool created) {
    if (written.exact_name) {
      if (created) exact_created_.push_back(written.name);
      return written.name;
    }
    if (const auto found = names_.find(written.name); found != names_.end()) return found->second;
    std::string tail = written.name;
    bool global = false;
    if (tail.rfind("Global\\", 0) == 0) {
      tail = tail.substr(7);
      global = true;
    } else if (tail.rfind("Local\\", 0) == 0) {
      tail = tail.substr(6);
    }
    // Global\x and x are different objects on Windows: their tags differ, so POSIX keeps them apart too.
    const std::string unique = ctx_.object_name(global ? "global-" + tail : tail);
    const std::string name = global ? "Global\\" + unique.substr(unique.find('\\') + 1) : unique;
    names_[written.name] = name;
    return name;
  }

  void act(const CreateStep& s) {
    RoleClient& r = actor();
    const auto answer = ctx_.call(r, cmd::Create{.name = object(s.name, true), .size = s.size, .sddl = s.sddl, .mode = s.mode,
                                                .ansi = s.ansi, .slot = s.slot, .protection = s.protection, .or_open = s.or_open});
    check(answer);
  }

  void act(const OpenStep& s) {
    RoleClient& r = actor();
    const std::string name = object(s.name, false);
    if (!s.style) {
      check(ctx_.call(r, cmd::Open{.name = name, .access = mask_or_access(s.access, false), .slot = s.slot,
                                   .access_mask = mask_or_access(s.access, true)}));
      return;
    }
    // The handle calls of the library's style (platform/open_styles.h), as diagnose --open-style makes them.
    const auto granularity = platform::machine_info().allocation_granularity;
    const auto plan = platform::plan_open(*platform::find_open_style(*s.style), platform::OpenStyleOptions{},
                                          granularity ? granularity : 65536);
    using platform::MaskKind;
    if (plan.call == platform::HandleCall::create_mapping) {
      auto handle = ctx_.call(r, cmd::Create{.name = name, .size = plan.size, .slot = s.slot,
                                             .protection = platform::mask_name(plan.protection, MaskKind::protection), .or_open = true});
      if (!handle.ok && plan.open_after_denied) {
        check(ctx_.call(r, cmd::Open{.name = name, .slot = s.slot,
                                     .access_mask = platform::mask_name(*plan.open_after_denied, MaskKind::access)}));
        return;
      }
      check(handle);
      return;
    }
    check(ctx_.call(r, cmd::Open{.name = name, .slot = s.slot, .access_mask = platform::mask_name(plan.access, MaskKind::access)}));
  }

  void act(const MapStep& s) {
    check(ctx_.call(actor(), cmd::Map{.access = mask_or_access(s.access, false), .offset = s.offset, .length = s.size,
                                      .slot = s.slot, .access_mask = mask_or_access(s.access, true)}));
  }

  void act(const WriteStep& s) {
    check(ctx_.call(actor(), cmd::Write{.text = s.text, .encoding = s.encoding, .offset = s.offset, .slot = s.slot}));
  }

  void act(const ReadStep& s) {
    const auto read = ctx_.call(actor(), cmd::Read{.offset = s.offset, .length = s.length, .encoding = s.encoding, .slot = s.slot});
    check(read);
    if (s.expect_text && read.ok && read.reply.text != *s.expect_text) {
      throw ScenarioFailed{where() + ": expected text \"" + *s.expect_text + "\", observed \"" + read.reply.text + "\""};
    }
    if (read.ok) notes_ += " \"" + read.reply.text.substr(0, 80) + "\"";
  }

  void act(const UnmapStep& s) { check(ctx_.call(actor(), cmd::Unmap{.slot = s.slot})); }
  void act(const CloseStep& s) { check(ctx_.call(actor(), cmd::Close{.slot = s.slot})); }

  void act(const ExitStep&) {
    const auto status = ctx_.finish_role(actor());
    ended_[step_->role] = index_;
    add_note("exit: " + status.describe());
  }

  void act(const CrashStep& s) {
    RoleClient& r = actor();
    const auto status = s.mid_write ? ctx_.expect_death(r, cmd::CrashMidWrite{.text = *s.mid_write, .slot = std::nullopt})
                                    : ctx_.kill_role(r);
    ended_[step_->role] = index_;
    add_note("crash: " + status.describe());
  }

  void act(const HoldStep& s) {
    ctx_.call(actor(), cmd::Sleep{.ms = s.ms});
    add_note("hold " + std::to_string(s.ms) + " ms");
  }

  void act(const RaceStep& s);

  ScenarioContext& ctx_;
  const FileScenario& scenario_;
  const std::string& path_;
  const std::string platform_;
  std::size_t index_ = 0;
  const Step* step_ = nullptr;
  std::map<std::string, RoleClient*> started_;
  std::map<std::string, std::size_t> ended_;  // role -> the step that ended it
  std::map<std::string, std::string> names_;  // as written -> per-run unique
  std::vector<std::string> exact_created_;
  std::string notes_;
  std::uint64_t trials_run_ = 0;  // the barrier's generation only grows, across race steps too
};

void FileRun::act(const RaceStep& s) {
  std::vector<RoleClient*> racers;
  if (s.racers) {
    for (std::uint32_t i = 1; i <= *s.racers; ++i) {
      const std::string name = "racer-" + std::to_string(i);
      racers.push_back(started_.count(name) ? started_[name] : &ctx_.start_role(name));
      started_[name] = racers.back();
    }
  } else {
    for (const auto& name : s.roles) racers.push_back(&role(name));
  }
  for (RoleClient* racer : racers) ctx_.attach_coordination(*racer);
  const bool windows = platform_ == "windows";
  const std::int64_t exists = windows ? 183 : *platform::posix_error_code("EEXIST");
  const std::string exists_symbol = windows ? "ERROR_ALREADY_EXISTS" : "EEXIST";
  const auto count = static_cast<std::uint64_t>(racers.size());
  ObjectName written{s.name, false};
  const std::string base = object(written, false);

  report::NamedCounts histogram;
  std::vector<double> release_spread_us, create_us;
  std::uint64_t bad_trials = 0;
  std::string first_bad;
  for (std::uint64_t trial = 1; trial <= s.trials; ++trial) {
    const std::uint64_t generation = ++trials_run_;
    const std::string name = base + "-" + std::to_string(trial);
    for (RoleClient* racer : racers) {
      ctx_.send(*racer, cmd::Race{.name = name, .size = s.size, .trial = generation, .roles = count, .timeout_ms = 10000});
    }
    ctx_.coordination().generation().store(generation, std::memory_order_release);
    ctx_.set_journaling(trial == 1);
    std::vector<Answer<cmd::Race>> results;
    for (RoleClient* racer : racers) results.push_back(ctx_.receive<cmd::Race>(*racer));
    ctx_.set_journaling(true);
    if (!windows) (void)platform::unlink_mapping(name);  // ENOENT when nobody created it: counted below
    std::uint32_t created = 0, existed = 0, other = 0;
    std::int64_t first_release = INT64_MAX, last_release = INT64_MIN;
    for (const auto& r : results) {
      if (r.reply.created && !r.error) ++created;
      else if (r.error && r.error->code == exists) ++existed;
      else ++other;
      first_release = std::min(first_release, r.reply.released_ns);
      last_release = std::max(last_release, r.reply.released_ns);
      create_us.push_back(static_cast<double>(r.reply.create_ns) / 1000.0);
    }
    release_spread_us.push_back(static_cast<double>(last_release - first_release) / 1000.0);
    const std::string key = std::to_string(created) + " created, " + std::to_string(existed) + " " + exists_symbol +
                            (other ? ", " + std::to_string(other) + " other" : "");
    ++histogram[key];
    const bool broken = (s.created && created != *s.created) || (s.existed && existed != *s.existed) ||
                        (s.other && other != *s.other);
    if (broken) {
      if (trial != 1 && bad_trials < 5) for (const auto& r : results) ctx_.journal(r);  // trial 1 is journaled
      if (bad_trials == 0) first_bad = "trial " + std::to_string(trial) + ": " + key;
      ++bad_trials;
    }
  }
  report::RaceMetric race{static_cast<int>(s.trials), static_cast<int>(count), histogram,
                          report::spread_of(release_spread_us), report::spread_of(create_us), {}};
  ctx_.metrics().race = race;
  std::string outcomes;
  for (const auto& [key, n] : histogram) outcomes += (outcomes.empty() ? "" : ", ") + std::to_string(n) + "x (" + key + ")";
  if (bad_trials > 0) {
    std::string expected;
    if (s.created) expected += "created = " + std::to_string(*s.created);
    if (s.existed) expected += (expected.empty() ? "" : ", ") + std::string("existed = ") + std::to_string(*s.existed);
    if (s.other) expected += (expected.empty() ? "" : ", ") + std::string("other = ") + std::to_string(*s.other);
    throw ScenarioFailed{where() + ": expected every trial to end with " + expected + ", observed " +
                         std::to_string(bad_trials) + " of " + std::to_string(s.trials) + " trials differ (first: " +
                         first_bad + "); outcomes: " + outcomes};
  }
  add_note("race " + std::to_string(s.trials) + " trials x " + std::to_string(count) + ": " + outcomes);
}

}  // namespace

Scenario build_scenario(const FileScenario& scenario, const std::string& path) {
  auto shared = std::make_shared<const FileScenario>(scenario);
  Scenario out;
  out.id = scenario.id;
  out.labels = scenario.labels;
  const std::string area = scenario.id.substr(0, scenario.id.find('/'));
  if (std::find(out.labels.begin(), out.labels.end(), area) == out.labels.end()) out.labels.insert(out.labels.begin(), area);
  out.labels.push_back("scenario-file");
  out.purpose = scenario.description;
  out.body = [shared, path](ScenarioContext& ctx) { FileRun(ctx, *shared, path).run(); };
  return out;
}

}  // namespace shmh::scenario_file
