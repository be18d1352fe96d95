// `trace --save-scenario` (save_scenario.h): a traced program's calls as scenario steps. Handles,
// descriptors and view addresses become slots, so a MapViewOfFile or mmap maps what the program's
// own create or open returned.
#include <map>
#include <set>

#include "harness/cli/save_scenario.h"
#include "harness/platform/call_tracer.h"
#include "harness/platform/error_symbols.h"
#include "harness/platform/mask_names.h"
#include "harness/platform/system_info.h"

namespace shmh {
namespace {

using namespace scenario_file;

bool windows_backend() { return platform::backend() == platform::Backend::windows; }

// The code a traced call returned, as an expectation of this platform.
Expectation traced_expectation(const platform::TracedCall& c) {
  report::Observation o;
  o.ok = !c.failed;
  if (c.error != 0) o.error = report::ErrorInfo{c.error, c.error_symbol, ""};
  return observed_expectation(o);
}

std::string traced_text(const platform::TracedCall& c) {
  std::string text = "traced: " + c.api + "(";
  for (std::size_t i = 0; i < c.args.size(); ++i) text += (i ? ", " : "") + c.args[i].value;
  text += ") = " + c.result;
  if (c.error != 0) text += ", " + std::to_string(c.error) + (c.error_symbol.empty() ? "" : " " + c.error_symbol);
  return text;
}

std::string argument(const platform::TracedCall& c, const std::string& name) {
  for (const auto& a : c.args) {
    if (a.name == name) return a.value;
  }
  return "";
}

// One process's handles (Windows handles, POSIX descriptors) and views, as slot names.
struct Slots {
  std::map<std::uint64_t, std::string> handles, views;
  int next = 0;
  std::string fresh() { return next++ == 0 ? "0" : "h" + std::to_string(next - 1); }
};

}  // namespace

std::optional<SavedScenario> scenario_from_trace(const std::vector<platform::TracedCall>& calls, std::int64_t program_pid,
                                                 const std::string& program, std::string& why_not) {
  const bool windows = windows_backend();
  SavedScenario saved;
  FileScenario sc;
  std::map<std::int64_t, std::string> roles;  // pid -> role
  std::map<std::int64_t, Slots> slots;
  std::set<std::string> created, held;  // names a step creates; names the holder creates
  std::vector<std::string> left_out;
  std::vector<Step> holder_steps;
  auto role_of = [&](std::int64_t pid) {
    auto [it, added] = roles.emplace(pid, pid == program_pid ? "program" : "child-" + std::to_string(roles.size() + 1));
    if (added) {
      Role role;
      role.name = it->second;
      sc.roles.push_back(role);
    }
    return it->second;
  };
  auto add = [&](Step step, const platform::TracedCall& c) {
    saved.comments.steps[{0, sc.steps.size() + 0}] = traced_text(c);
    sc.steps.push_back(std::move(step));
  };
  for (const auto& c : calls) {
    Slots& s = slots[c.pid];
    Step step;
    step.expect = traced_expectation(c);
    const std::string& api = c.api;
    const bool is_create = api.starts_with("CreateFileMapping") ||
                           (api == "shm_open" && argument(c, "oflag").find("O_CREAT") != std::string::npos);
    const bool is_open = api.starts_with("OpenFileMapping") || (api == "shm_open" && !is_create);
    if (is_create || is_open) {
      if (c.object_name.empty()) {
        left_out.push_back(traced_text(c) + ": an unnamed section, which no step creates");
        continue;
      }
      if (windows && is_create && c.handle != 0 && c.handle != ~std::uint64_t{0} && c.handle != 0xFFFFFFFFu) {
        left_out.push_back(traced_text(c) + ": a section backed by a file, which no step creates");
        continue;
      }
      const ObjectName name{unique_name_from(c.object_name), false};
      const std::string slot = s.fresh();
      if (!c.failed) s.handles[c.result_value] = slot;
      step.role = role_of(c.pid);
      if (is_create) {
        CreateStep a;
        a.name = name;
        if (c.size && *c.size > 0) a.size = *c.size;
        if (windows && c.protection && *c.protection != 0x04) a.protection = platform::mask_name(*c.protection, platform::MaskKind::protection);
        if (windows && !c.sddl.empty()) a.sddl = c.sddl;
        if (windows && api.ends_with("A")) a.ansi = true;
        if (!windows) {
          const std::string mode = argument(c, "mode");
          if (!mode.empty() && mode != "0600") a.mode = static_cast<std::uint32_t>(std::stoul(mode, nullptr, 8) & 0777);
          if (argument(c, "oflag").find("O_EXCL") == std::string::npos) a.or_open = true;
        }
        if (slot != "0") a.slot = slot;
        step.action = a;
      }
      // Opened, or created and told it existed, before any traced call created it: someone else
      // made it. The holder stands in for them.
      const bool existed = is_open ? !c.failed : (c.error == 183 || c.error_symbol == "EEXIST");
      if (existed && !created.count(name.name) && held.insert(name.name).second) {
        CreateStep h;
        h.name = name;
        Step hold;
        hold.role = "holder";
        hold.action = h;
        holder_steps.push_back(hold);
      }
      if (is_create && !c.failed) created.insert(name.name);
      if (is_open) {
        OpenStep a;
        a.name = name;
        if (c.access) a.access = *c.access == platform::mask::kFileMapRead ? std::string("read") : platform::mask_name(*c.access, platform::MaskKind::access);
        if (a.access == "FILE_MAP_WRITE|FILE_MAP_READ" || a.access == "FILE_MAP_READ|FILE_MAP_WRITE") a.access.reset();  // the default
        if (slot != "0") a.slot = slot;
        step.action = a;
      }
      add(step, c);
    } else if (api == "ftruncate") {
      // shm_open(O_CREAT) + ftruncate is one create step: its size is the length.
      const auto handle = s.handles.find(c.handle);
      CreateStep* create = nullptr;
      for (auto it = sc.steps.rbegin(); it != sc.steps.rend() && handle != s.handles.end(); ++it) {
        auto* a = std::get_if<CreateStep>(&it->action);
        if (a && it->role == roles[c.pid] && a->slot.value_or("0") == handle->second) {
          create = a;
          break;
        }
      }
      if (!create || c.failed || !c.size) {
        left_out.push_back(traced_text(c) + ": a resize outside a create");
        continue;
      }
      create->size = *c.size;
    } else if (api.starts_with("MapViewOfFile") || api == "mmap") {
      const auto handle = s.handles.find(c.handle);
      if (handle == s.handles.end()) {
        left_out.push_back(traced_text(c) + ": a view of a handle no saved step holds");
        continue;
      }
      MapStep a;
      const bool read_only = windows ? (c.access && (*c.access & platform::mask::kFileMapWrite) == 0 && *c.access != 0)
                                     : (c.protection && *c.protection == 0x02);  // PAGE_READONLY
      if (read_only) a.access = "read";
      if (c.offset && *c.offset) a.offset = *c.offset;
      if (c.size && *c.size) a.size = *c.size;
      if (handle->second != "0") a.slot = handle->second;
      if (!c.failed) s.views[c.result_value] = handle->second;
      step.role = role_of(c.pid);
      step.action = a;
      add(step, c);
    } else if (api.starts_with("UnmapViewOfFile") || api == "munmap") {
      const auto view = s.views.find(c.handle);
      if (view == s.views.end()) {
        left_out.push_back(traced_text(c) + ": an unmap of a view no saved step made");
        continue;
      }
      UnmapStep a;
      if (view->second != "0") a.slot = view->second;
      step.role = role_of(c.pid);
      step.action = a;
      add(step, c);
    } else if (api == "CloseHandle" || api == "close") {
      const auto handle = s.handles.find(c.handle);
      if (handle == s.handles.end()) continue;  // not a section's handle: not the contract
      CloseStep a;
      if (handle->second != "0") a.slot = handle->second;
      s.handles.erase(handle);
      step.role = role_of(c.pid);
      step.action = a;
      add(step, c);
    } else {
      left_out.push_back(traced_text(c) + ": no step expresses it");
    }
  }
  if (sc.steps.empty()) {
    why_not = "none of its " + std::to_string(calls.size()) + " shared-memory call(s) maps to a scenario step";
    return std::nullopt;
  }
  if (!holder_steps.empty()) {
    Role holder;
    holder.name = "holder";
    sc.roles.insert(sc.roles.begin(), holder);
    std::map<std::pair<std::size_t, std::size_t>, std::string> shifted;
    for (auto& [key, text] : saved.comments.steps) shifted[{0, key.second + holder_steps.size()}] = text;
    shifted[{0, 0}] = "holder: stands in for whoever created the names the program opened";
    saved.comments.steps = shifted;
    sc.steps.insert(sc.steps.begin(), holder_steps.begin(), holder_steps.end());
  }
  std::string base = program.substr(program.find_last_of("/\\") + 1);
  if (base.ends_with(".exe")) base.resize(base.size() - 4);
  sc.id = saved_id("saved", "trace/" + base);
  sc.description = "the shared-memory calls of " + base + " as it made them, each expecting the code it got";
  sc.platforms = {platform_key()};
  saved.comments.header = saved_from_lines("`trace` of " + program);
  saved.comments.header.push_back("One role per process of the program; names are per-run (the namespace prefix kept), so the");
  saved.comments.header.push_back("file runs without the program and beside it.");
  for (const auto& l : left_out) saved.comments.header.push_back("left out: " + l);
  saved.file.scenarios.push_back(std::move(sc));
  return saved;
}

}  // namespace shmh
