// `run --save-failures DIR` (save_scenario.h): each scenario that did not pass, as a scenario file
// of what was observed. A file scenario keeps its own steps; a built-in one is rebuilt from its
// observations, and written only when every observation maps to a step.
#include <filesystem>
#include <iostream>
#include <map>
#include <regex>
#include <set>

#include "harness/cli/save_scenario.h"
#include "harness/platform/system_info.h"
#include "reports/utf8_path.h"
#include "scenarios/file/load.h"
#include "scenarios/file/parse.h"

namespace shmh {
namespace {

using namespace scenario_file;

// The run's part of a per-run name ("Local\shmh-4242-a1b2c3-s3-orders" -> "Local\orders").
std::string written_name(const std::string& observed) {
  static const std::regex run_part("shmh-[0-9]+-[0-9a-f]{6}-s[0-9]+-");
  return unique_name_from(std::regex_replace(observed, run_part, ""));
}

// What the builder reports for a failed step (scenarios/file/build.cpp): "step N (...): expected X,
// observed <code> <symbol>: ..." or "step N (...): expected text "...", observed "..."".
struct StepFailure {
  std::size_t step = 0;  // 1-based
  std::optional<ExpectedCode> code;
  std::optional<std::string> text;
};

std::optional<StepFailure> failed_step(const std::string& reason) {
  static const std::regex code_form(R"re(^step ([0-9]+) \(.*?\): expected .+?, observed (success|failed|-?[0-9]+)(?: ([A-Z][A-Z0-9_]*))?: )re");
  static const std::regex text_form(R"re(^step ([0-9]+) \(.*?\): expected text ".*", observed "(.*)"$)re");
  std::smatch m;
  StepFailure f;
  if (std::regex_search(reason, m, text_form)) {
    f.step = std::stoul(m[1]);
    f.text = m[2];
    return f;
  }
  if (!std::regex_search(reason, m, code_form)) return std::nullopt;
  f.step = std::stoul(m[1]);
  ExpectedCode code;
  if (m[2] == "success") code.symbol = "success";
  else if (m[2] == "failed") code.symbol = "any";
  else if (m[3].matched) code.symbol = m[3];
  else code.number = std::stoll(m[2]);
  f.code = code;
  return f;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::optional<SavedScenario> from_file_scenario(const report::ScenarioResult& result, const FileScenario& original,
                                                const std::string& path, std::string& why_not) {
  const auto failure = failed_step(result.reason);
  if (result.outcome != report::Outcome::failed || !failure || failure->step == 0 || failure->step > original.steps.size()) {
    why_not = std::string("it ended as ") + report::outcome_name(result.outcome) + " without a step that returned another code (" +
              first_line(result.reason) + ")";
    return std::nullopt;
  }
  SavedScenario saved;
  FileScenario sc = original;
  sc.platforms = {platform_key()};
  sc.steps.resize(failure->step);
  Step& step = sc.steps.back();
  std::string seen;
  if (failure->text) {
    std::get<ReadStep>(step.action).expect_text = *failure->text;
    seen = "the text \"" + *failure->text + "\"";
  } else {
    Expectation e = step.expect.value_or(Expectation{});
    if (e.both) {  // the other platform keeps what the file said
      e.windows = e.windows ? e.windows : e.both;
      e.posix = e.posix ? e.posix : e.both;
      e.both.reset();
    }
    (platform::backend() == platform::Backend::windows ? e.windows : e.posix) = *failure->code;
    (platform::backend() == platform::Backend::windows ? e.posix : e.windows).reset();
    step.expect = e;
    seen = failure->code->number ? std::to_string(*failure->code->number) : failure->code->symbol;
  }
  saved.comments.header = saved_from_lines("`run` of " + original.id + " from " + path);
  saved.comments.header.push_back("It failed there: " + first_line(result.reason));
  saved.comments.header.push_back("This is that scenario up to step " + std::to_string(failure->step) + ", which now expects " + seen +
                                  "; the steps after it did not run and are left out.");
  saved.comments.steps[{0, failure->step - 1}] = "observed " + seen + " here; " + path + ":" +
                                                 std::to_string(original.steps[failure->step - 1].pos.line) + " expected otherwise";
  saved.file.scenarios.push_back(std::move(sc));
  return saved;
}

// A built-in scenario's observations as steps: each must come from a command a step expresses.
std::optional<SavedScenario> from_observations(const report::ScenarioResult& result, std::string& why_not) {
  for (const auto& label : result.labels) {
    if (label == "privilege" || label == "identity" || label == "throughput" || label == "race") {
      why_not = "its roles ran with identities or races the report does not record as steps (label " + label + ")";
      return std::nullopt;
    }
  }
  SavedScenario saved;
  FileScenario sc;
  sc.id = saved_id("saved", result.id);
  sc.platforms = {platform_key()};
  std::set<std::string> roles;
  for (const auto& o : result.observations) {
    if (o.op == "hello" || o.op == "exit" || o.op == "token") continue;  // the role's life, not the contract
    Step step;
    step.role = o.role;
    const auto& d = o.details;
    if (o.op == "create") {
      CreateStep a;
      a.name = {written_name(o.name), false};
      if (d.contains("size") && d["size"].is_number_unsigned()) a.size = d["size"].get<std::uint64_t>();
      step.action = a;
    } else if (o.op == "open") {
      OpenStep a;
      a.name = {written_name(o.name), false};
      if (d.contains("access") && d["access"].is_string()) a.access = d["access"].get<std::string>();
      step.action = a;
    } else if (o.op == "map") {
      step.action = MapStep{};
    } else if (o.op == "write") {
      WriteStep a;
      const auto bytes = d.contains("bytes") && d["bytes"].is_number_unsigned() ? d["bytes"].get<std::uint64_t>() : 2;
      a.text = std::string(bytes > 1 ? bytes - 1 : 1, 'x');  // the report keeps the length, not the text
      step.action = a;
    } else if (o.op == "read") {
      step.action = ReadStep{};
    } else if (o.op == "unmap") {
      step.action = UnmapStep{};
    } else if (o.op == "close") {
      step.action = CloseStep{};
    } else {
      why_not = "role '" + o.role + "' made " + o.api + " through the harness command '" + (o.op.empty() ? "?" : o.op) +
                "', which no scenario step expresses";
      return std::nullopt;
    }
    step.expect = observed_expectation(o);
    saved.comments.steps[{0, sc.steps.size()}] = observed_text(o);
    sc.steps.push_back(std::move(step));
    if (roles.insert(o.role).second) {
      Role role;
      role.name = o.role;
      sc.roles.push_back(role);
    }
  }
  if (sc.steps.empty()) {
    why_not = "it made no call a scenario step expresses";
    return std::nullopt;
  }
  sc.description = "what " + result.id + " observed: " + report::outcome_name(result.outcome);
  saved.comments.header = saved_from_lines("`run` of the built-in " + result.id);
  saved.comments.header.push_back("It " + std::string(report::outcome_name(result.outcome)) + " there: " + first_line(result.reason));
  saved.comments.header.push_back("Its calls as steps, each expecting the code it got; names are per-run, roles this process's identity,");
  saved.comments.header.push_back("slots the first, written texts stand-ins of the same length (the report keeps no more).");
  saved.file.scenarios.push_back(std::move(sc));
  return saved;
}

}  // namespace

int save_failures(const report::Report& report, const std::vector<std::string>& files, const std::string& dir) {
  // The files' scenarios by id, with the file each came from.
  std::map<std::string, std::pair<FileScenario, std::string>> from_files;
  if (!files.empty()) {
    const auto loaded = load_scenario_files(files);
    for (const auto& path : loaded.files) {
      for (auto& sc : parse_file(path, reserved_areas()).file.scenarios) from_files[sc.id] = {sc, path};
    }
  }
  std::set<std::string> done;
  int written = 0;
  for (const auto& result : report.scenarios) {
    using report::Outcome;
    if (result.outcome == Outcome::passed || result.outcome == Outcome::skipped || !done.insert(result.id).second) continue;
    std::string why_not;
    std::optional<SavedScenario> saved;
    if (auto f = from_files.find(result.id); f != from_files.end()) {
      saved = from_file_scenario(result, f->second.first, f->second.second, why_not);
    } else {
      saved = from_observations(result, why_not);
    }
    if (!saved) {
      std::cout << "not saved: " << result.id << ": " << why_not << std::endl;
      continue;
    }
    std::string name = result.id;
    for (auto& c : name) c = c == '/' ? '_' : c;
    const std::string path = report::display_path(report::path_from_utf8(dir) / (name + ".toml"));
    write_scenario_file(path, saved->file, saved->comments);
    std::cout << "saved: " << result.id << " -> " << path << std::endl;
    ++written;
  }
  return written;
}

}  // namespace shmh
