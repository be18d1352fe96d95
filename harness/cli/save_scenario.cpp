// From a failure to a test: observations to scenario files (save_scenario.h). The file holds only
// what was seen on this machine: one platform, the codes as they came back.
#include "harness/cli/save_scenario.h"

#include <cerrno>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <spdlog/fmt/chrono.h>
#include <spdlog/fmt/fmt.h>

#include "harness/cli/exit_codes.h"
#include "harness/platform/error_symbols.h"
#include "harness/platform/mask_names.h"
#include "harness/platform/security.h"
#include "harness/platform/system_info.h"
#include "harness/platform/this_process.h"
#include "reports/atomic_file.h"
#include "reports/utf8_path.h"

namespace shmh {
namespace {

std::vector<std::string>& command_line() {
  static std::vector<std::string> arguments;
  return arguments;
}

// The command as one could type it again: arguments with spaces or quotes in single quotes.
std::string shown_command() {
  std::string text = "shm-harness";
  const auto& arguments = command_line();
  for (std::size_t i = 1; i < arguments.size(); ++i) {
    const auto& a = arguments[i];
    const bool plain = !a.empty() && a.find_first_of(" \t'\"\\$*?") == std::string::npos;
    text += " " + (plain ? a : "'" + a + "'");
  }
  return text;
}

std::string os_error_text(int code) { return std::generic_category().message(code); }

// A symbol a file may name on this platform for `code`: in the tables the parser checks against.
bool is_symbol(const std::string& s, std::int64_t code) {
  const auto known = platform::backend() == platform::Backend::windows ? platform::windows_error_code(s)
                                                                       : platform::posix_error_code(s);
  return known && *known == code;
}

std::string code_shown(const scenario_file::Expectation& e) {
  const auto& code = e.windows ? *e.windows : e.posix ? *e.posix : *e.both;
  return code.number ? std::to_string(*code.number) : code.symbol;
}

// The access diagnose opened with, as the file's `access`: the words as they are ("all" opened
// for writing), a mask by its names.
std::string file_access(const std::string& access) {
  if (access == "read") return "read";
  if (access == "write" || access == "all") return "write";
  std::string why;
  const auto mask = platform::parse_mask(access, platform::MaskKind::access, why);
  return mask ? platform::mask_name(*mask, platform::MaskKind::access) : access;
}

std::string lowercase(std::string s) {
  for (auto& c : s) c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  return s;
}

}  // namespace

void remember_command_line(const std::vector<std::string>& arguments) { command_line() = arguments; }

std::vector<std::string> saved_from_lines(const std::string& what) {
  const auto m = platform::machine_info();
  const std::string when = fmt::format("{:%Y-%m-%d %H:%M:%S} UTC", fmt::gmtime(std::time(nullptr)));
  std::vector<std::string> lines = {
      "Saved by `" + shown_command() + "`",
      "on " + m.host_name + " (" + m.os_name + " " + m.os_version +
          (m.wine_version ? ", Wine " + *m.wine_version : std::string()) + ", " + platform::backend_name() +
          " backend), " + when + ", shm-harness " + SHMH_VERSION + ".",
      "What " + what + " observed on that machine, as a contract: the expectations are the codes it saw, so",
      "`shm-harness run --file THIS_FILE` passes there and fails (exit 1, expected vs observed) when the",
      "behaviour changes. Only " + std::string(platform_key()) + " is listed in `platforms`: the other platform was not observed.",
  };
  return lines;
}

const char* platform_key() { return platform::backend() == platform::Backend::windows ? "windows" : "posix"; }

scenario_file::Expectation observed_expectation(const report::Observation& o) {
  scenario_file::ExpectedCode code;
  if (o.ok && (!o.error || o.error->code == 0)) {
    code.symbol = "success";
  } else if (o.error && is_symbol(o.error->symbol, o.error->code)) {
    code.symbol = o.error->symbol;
  } else if (o.error) {
    code.number = o.error->code;
  } else {
    code.symbol = "any";  // failed without a code: nothing to hold it to
  }
  scenario_file::Expectation e;
  (platform::backend() == platform::Backend::windows ? e.windows : e.posix) = code;
  return e;
}

std::string observed_text(const report::Observation& o) {
  std::string text = "observed: " + o.api + (o.name.empty() ? "" : "(" + o.name + ")");
  if (o.ok && (!o.error || o.error->code == 0)) return text + " succeeded";
  if (!o.error) return text + (o.ok ? " succeeded" : " failed without a code");
  return text + (o.ok ? " succeeded with " : " failed with ") + std::to_string(o.error->code) +
         (o.error->symbol.empty() ? "" : " " + o.error->symbol);
}

void set_role_identity(scenario_file::Role& role, const platform::Identity& identity) {
  using platform::Restriction;
  switch (identity.restriction) {
    case Restriction::none: role.identity = "normal"; break;
    case Restriction::without_global_privilege: role.identity = "no-global-privilege"; break;
    case Restriction::without_lock_memory_privilege: role.identity = "no-lock-memory-privilege"; break;
    case Restriction::low_integrity: role.identity = "low-integrity"; break;
    case Restriction::app_container: role.identity = "app-container"; break;
    case Restriction::filtered_admin: role.identity = "filtered-admin"; break;
    case Restriction::other_user:
      role.identity = "other-user";
      if (identity.account) {
        role.uid = identity.account->uid;
        role.gid = identity.account->gid;
      }
      break;
  }
}

void check_writable_file(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path target = report::path_from_utf8(path);
  std::error_code ec;
  if (fs::is_directory(target, ec)) throw UsageError{"cannot write '" + path + "': it is a folder, give a file name"};
  fs::path folder = target.parent_path();
  if (folder.empty()) folder = ".";
  if (!fs::is_directory(folder, ec)) {
    throw UsageError{"cannot write '" + path + "': its folder '" + report::display_path(folder) + "' does not exist (" +
                     os_error_text(ENOENT) + ")"};
  }
  // A probe beside the target, removed at once: the real file is written only when complete.
  const fs::path probe = folder / (".shmh-probe-" + std::to_string(platform::current_process_id()));
  errno = 0;
  std::ofstream out(probe, std::ios::binary);
  const int error = errno;
  if (!out) throw UsageError{"cannot write '" + path + "': " + os_error_text(error ? error : EACCES)};
  out.close();
  fs::remove(probe, ec);
}

void check_writable_directory(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path folder = report::path_from_utf8(path);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec || !fs::is_directory(folder)) {
    throw UsageError{"cannot use '" + path + "' as a folder: " + (ec ? ec.message() : std::string("it is not a folder"))};
  }
  check_writable_file(report::display_path(folder / "probe.toml"));
}

void write_scenario_file(const std::string& path, const scenario_file::ScenarioFile& file,
                         const scenario_file::Comments& comments) {
  try {
    report::write_file_atomically(path, scenario_file::write_text(file, comments));
  } catch (const std::exception& e) {
    throw UsageError{"cannot write '" + path + "': " + e.what()};
  }
}

std::optional<SavedScenario> scenario_from_diagnosis(const DiagnoseFacts& facts, const platform::Identity& identity,
                                                     std::uint64_t size, std::string& why_not) {
  using namespace scenario_file;
  const bool windows = platform::backend() == platform::Backend::windows;
  const bool existed = !facts.object_kind.empty();
  if (!facts.open) {
    why_not = "diagnose made no open attempt on " + facts.name;
    return std::nullopt;
  }
  if (existed && facts.object_kind != "section" && facts.object_kind != "shared-memory object") {
    why_not = facts.name + " is held by a " + facts.object_kind +
              ", not a section: a scenario file creates sections only, so what diagnose saw cannot be replayed";
    return std::nullopt;
  }
  const bool refused = !facts.open->ok;
  // The object's security as a create can give it again: SDDL on Windows (not a note such as
  // "(none: no security descriptor)", which Wine reports), mode bits on POSIX.
  std::optional<std::string> security;
  if (facts.descriptor && !facts.descriptor->empty()) {
    const auto& d = *facts.descriptor;
    const bool sddl = d.size() > 2 && d[1] == ':' && (d[0] == 'O' || d[0] == 'G' || d[0] == 'D' || d[0] == 'S');
    const bool mode = d.find_first_not_of("01234567") == std::string::npos;
    if (windows ? sddl : mode) security = d;
  }
  if (existed && refused && !security) {
    why_not = "the open of " + facts.name + " was refused by an object whose security diagnose could not read: a " +
              "scenario cannot create its like (run diagnose as its owner or an administrator)";
    return std::nullopt;
  }
  if (existed && refused && !windows && facts.owner && *facts.owner != platform::current_token().user) {
    why_not = "the open of " + facts.name + " was refused by an object " + *facts.owner +
              " owns: the refusal depends on that owner, and a scenario's objects are owned by whoever runs it";
    return std::nullopt;
  }

  SavedScenario saved;
  FileScenario sc;
  // A name's shape can be the contract (too long, a '\' inside, a character the OS refuses): then
  // the name is kept exactly. Otherwise it is per-run unique, so nothing outside can change the result.
  std::string bare = facts.name;
  if (bare.starts_with('/')) bare.erase(0, 1);
  const std::string unique = unique_name_from(facts.name);
  const bool exact = !existed && unique != bare;
  const ObjectName name{exact ? facts.name : unique, exact};
  std::string tail = unique.substr(unique.find('\\') == std::string::npos ? 0 : unique.find('\\') + 1);
  sc.id = saved_id("saved", "diagnose/" + lowercase(tail));
  sc.platforms = {platform_key()};

  auto& header = saved.comments.header;
  header = saved_from_lines("`diagnose` (" + facts.attempted_as + ")");
  if (exact) {
    header.push_back("The name is kept exactly as diagnosed (" + facts.name + "): its shape is part of what was seen.");
    header.push_back("Nothing held it then; a program holding it when this runs changes the result.");
  } else {
    header.push_back("The name is per-run unique ('" + unique + "' becomes " + (unique.starts_with("Global\\") ? "Global\\" : "Local\\") +
                     "shmh-<run>-<scenario>-...), so nothing outside the scenario decides the result.");
  }
  if (existed) {
    header.push_back(facts.name + " was held by another program" +
                     (facts.owner && !facts.owner->empty() ? " (owner " + *facts.owner + ")" : std::string()) +
                     " when diagnose ran. A scenario cannot borrow that program's object,");
    if (security) {
      header.push_back("so role `holder` creates one with the same " + std::string(windows ? "DACL" : "mode") +
                       " first: the contract replayed is what that security lets the diagnosed identity do.");
    } else {
      header.push_back("so role `holder` creates one first, with the default security (diagnose read no descriptor to copy:");
      header.push_back(facts.descriptor.value_or("none") + ").");
    }
    Role holder;
    holder.name = "holder";
    sc.roles.push_back(holder);
  }
  Role who;
  who.name = "diagnose";
  set_role_identity(who, identity);
  sc.roles.push_back(who);

  if (existed) {
    CreateStep create;
    create.name = name;
    create.size = size;
    if (security && windows) create.sddl = *security;
    if (security && !windows) create.mode = static_cast<std::uint32_t>(std::stoul(*security, nullptr, 8) & 0777);
    Step step;
    step.action = create;
    step.role = "holder";
    saved.comments.steps[{0, sc.steps.size()}] = "stands in for the program that held " + facts.name;
    sc.steps.push_back(step);
  }
  OpenStep open_action;
  open_action.name = name;
  open_action.access = file_access(facts.access);
  Step open;
  open.action = open_action;
  open.role = "diagnose";
  open.expect = observed_expectation(*facts.open);
  saved.comments.steps[{0, sc.steps.size()}] = observed_text(*facts.open);
  sc.steps.push_back(open);
  sc.description = "diagnose of " + facts.name + " (" + facts.access + ") as " + facts.attempted_as + ": open " + code_shown(*open.expect);
  if (facts.create) {
    CreateStep create_action;
    create_action.name = name;
    create_action.size = size;
    Step create;
    create.action = create_action;
    create.role = "diagnose";
    create.expect = observed_expectation(*facts.create);
    saved.comments.steps[{0, sc.steps.size()}] = observed_text(*facts.create);
    sc.steps.push_back(create);
    sc.description += ", create " + code_shown(*create.expect);
  }
  saved.file.scenarios.push_back(std::move(sc));
  return saved;
}

}  // namespace shmh
