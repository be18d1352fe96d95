// Why a way of opening fails where another works: the rules, in the order a person would check them.
#include "harness/cli/open_style_diagnosis.h"

#include <iostream>

#include "harness/cli/advice.h"
#include "harness/platform/mask_names.h"

namespace shmh {
namespace {

using platform::MaskKind;
using platform::mask_name;

bool denied(const StyleStep& s) { return s.symbol == "ERROR_ACCESS_DENIED" || s.symbol == "EACCES"; }
bool is_create(const StyleStep& s) { return s.call == "CreateFileMappingW" || (s.call == "shm_open" && s.protection); }

const platform::OpenStyleSpec& spec_of(const OpenStyleFacts& f) { return platform::open_style_spec(f.plan.style); }
std::string style_name(const OpenStyleFacts& f) { return std::string(spec_of(f).name); }

// What a create call asks of an existing object, in the words of the platform.
std::string create_asks(const OpenStyleFacts& f) {
  if (!f.windows) {
    return "shm_open(" + f.plan.posix_flags + ") opens an existing object with the access a creator needs, which its mode "
           "does not grant " + (f.user.empty() ? std::string("this user") : f.user);
  }
  return "CreateFileMappingW(" + mask_name(f.plan.protection, MaskKind::protection) +
         ") on an existing name opens that section with the rights a creator needs (STANDARD_RIGHTS_REQUIRED|SECTION_QUERY|"
         "SECTION_MAP_READ, plus SECTION_MAP_WRITE for a writable protection: Wine's kernelbase and ReactOS build it so), "
         "more than its DACL grants";
}

// The plain open that works for this caller, as advice, or "".
std::string working_open(const OpenStyleFacts& f) {
  if (f.write_open.works()) {
    return f.windows ? "OpenFileMappingW(FILE_MAP_READ|FILE_MAP_WRITE) would succeed (`--open-style open --access write`)"
                     : "shm_open(O_RDWR) would succeed (`--open-style open --access write`)";
  }
  if (f.read_open.works()) {
    return f.windows ? "OpenFileMappingW(FILE_MAP_READ) would succeed (`--open-style open --access read`)"
                     : "shm_open(O_RDONLY) would succeed (`--open-style open --access read`)";
  }
  return "";
}

// Advice for a handle call that was denied.
void explain_denied_handle(const OpenStyleFacts& f, const StyleStep& step, Diagnosis& d) {
  const auto& spec = spec_of(f);
  const std::string who = spec.library.empty() ? style_name(f) : std::string(spec.library) + " (" + style_name(f) + ")";
  // .NET's create-or-open ends at its fallback open: the create that was denied first explains it.
  const StyleStep& first = f.asked.steps.front();
  const bool create_denied = is_create(first) && denied(first);
  if (create_denied) {
    d.reasons.push_back(who + " asks for write access to an existing " + (f.windows ? "section" : "object") + ": " + create_asks(f));
    if (f.plan.open_after_denied) {
      d.reasons.push_back("after the 5 it falls back to OpenFileMappingW(" + mask_name(*f.plan.open_after_denied, MaskKind::access) +
                          "), which the DACL does not grant either");
    }
  } else if (step.access) {
    d.reasons.push_back(who + " opens with " + mask_name(*step.access, MaskKind::access) + ", which the " +
                        (f.windows ? "DACL" : "mode") + " does not grant " + (f.user.empty() ? "this caller" : f.user));
  }
  if (f.descriptor) d.reasons.push_back(std::string("the object's ") + (f.windows ? "DACL" : "mode") + " is " + *f.descriptor);
  const std::string works = working_open(f);
  if (f.write_open.works() || f.read_open.works()) {
    const bool read_only = !f.write_open.works();
    std::string line = works + ": ";
    if (create_denied) {
      line += read_only ? (f.windows ? "create-or-open asks for write access to an existing section; open with FILE_MAP_READ instead"
                                     : "create-or-open asks for write access to an existing object; open it with O_RDONLY instead")
                        : "open the existing object instead of creating it, and create it only when the open fails with " +
                              std::string(f.windows ? "2" : "ENOENT");
    } else {
      line += "ask for no more than " + std::string(read_only ? "read" : "read and write");
    }
    d.advice.push_back(line);
    if (f.plan.style == platform::OpenStyle::qt_attach_readonly || f.plan.style == platform::OpenStyle::qt_attach_readwrite) {
      d.advice.push_back("QSharedMemory opens with FILE_MAP_ALL_ACCESS even for attach(ReadOnly): have the creator grant it "
                         "(SDDL D:(A;;GA;;;AU)), or open the section without QSharedMemory");
    }
  } else {
    d.reasons.push_back("no plain open works for this caller either: neither read nor write is granted");
    d.advice.push_back(f.windows ? "have the creator pass a security descriptor that grants this account read "
                                   "(e.g. SDDL D:(A;;GR;;;AU)) or read and write (D:(A;;GRGW;;;AU))"
                                 : "have the creator use a mode that admits this user (0644 for readers, 0666 for writers)");
  }
}

// Advice for a view call that failed on a handle that was granted.
void explain_view(const OpenStyleFacts& f, const StyleStep& step, Diagnosis& d) {
  const auto offset = step.offset.value_or(0);
  const auto size = step.size.value_or(0);
  if (step.symbol == "ERROR_MAPPED_ALIGNMENT" || (!f.windows && step.symbol == "EINVAL" && offset % f.granularity != 0)) {
    d.reasons.push_back("the view's offset " + std::to_string(offset) + " is not a multiple of the allocation granularity (" +
                        std::to_string(f.granularity) + ")");
    d.advice.push_back("map from " + std::to_string(offset - offset % f.granularity) + " and add " +
                       std::to_string(offset % f.granularity) + " to the pointer (.NET's CreateView does exactly that)");
    return;
  }
  if (denied(step) && size != 0 && (f.read_open.works() || f.write_open.works())) {
    // A handle from OpenFileMappingW with every bit the view asks for cannot be the reason.
    constexpr std::uint32_t kViewBits = platform::mask::kFileMapRead | platform::mask::kFileMapWrite | platform::mask::kFileMapCopy;
    const bool handle_has_it = f.plan.call == platform::HandleCall::open_mapping &&
                               (f.plan.view_access & kViewBits & ~f.plan.access) == 0;
    d.reasons.push_back("a view of " + std::to_string(size) + " bytes from offset " + std::to_string(offset) +
                        " reaches past the end of the section (MapViewOfFile gives 5 for that)" +
                        (handle_has_it ? std::string(": the handle holds the " + mask_name(step.access.value_or(0), MaskKind::access) +
                                                     " the view asks for")
                                       : ", or asks for " + mask_name(step.access.value_or(0), MaskKind::access) + " that the handle lacks"));
    d.advice.push_back("map size 0 (to the end of the section) or no more than the section's size (`--view-size 0`)");
    return;
  }
  if (denied(step)) {
    d.reasons.push_back("the handle was granted, but the view's " + mask_name(step.access.value_or(0), MaskKind::access) +
                        " is more than the handle (or the section's protection) allows");
    if (const auto works = working_open(f); !works.empty()) d.advice.push_back(works);
    return;
  }
  if (const auto a = advice_for(step.symbol, AdviceContext{f.name, f.windows, std::nullopt})) d.advice.push_back(a->remedy);
}

}  // namespace

const StyleStep* StyleRun::failed() const {
  return !steps.empty() && !steps.back().ok ? &steps.back() : nullptr;
}

std::string step_text(const StyleStep& s) {
  std::string args;
  auto add = [&](const std::string& a) { args += (args.empty() ? "" : ", ") + a; };
  if (!s.posix_flags.empty()) {
    add(s.posix_flags);
  } else {
    if (s.access) add(mask_name(*s.access, MaskKind::access));
    if (s.protection) add(mask_name(*s.protection, MaskKind::protection));
  }
  if (StyleRun::is_view(s)) {
    add("offset " + std::to_string(s.offset.value_or(0)));
    add(s.size.value_or(0) == 0 ? "size 0 (whole section)" : "size " + std::to_string(*s.size));
  } else if (s.size) {
    add(std::to_string(*s.size) + " bytes");
  }
  std::string result = s.ok ? "ok" : "failed";
  if (s.code != 0 || !s.symbol.empty()) result += ": " + std::to_string(s.code) + " " + s.symbol;
  if (s.ok && s.already_existed) result += " (opened the existing object)";
  return s.call + "(" + args + ") -> " + result;
}

Diagnosis explain_open_style(const OpenStyleFacts& f) {
  Diagnosis d;
  const std::string style = style_name(f);
  if (f.wine) d.reasons.push_back("this is Wine " + *f.wine + ": DACLs on sections are enforced as on Windows");
  if (f.asked.works()) {
    d.works = true;
    d.verdict = f.attempted_as + " can open '" + f.name + "' the way " + style + " does.";
    const auto& view = f.asked.steps.back();
    const auto end = view.offset.value_or(0) + view.size.value_or(0);
    if (!f.windows && view.size.value_or(0) != 0 && f.asked.object_size && end > *f.asked.object_size) {
      d.reasons.push_back("mmap accepted a view ending at byte " + std::to_string(end) + ", past the object's " +
                          std::to_string(*f.asked.object_size) + " bytes: touching a page past the end raises SIGBUS "
                          "(Windows refuses such a view with 5)");
      d.advice.push_back("map no more than the object's size, or 0 for all of it (`--view-size 0`)");
    }
    if (f.object_kind.empty() && f.plan.call == platform::HandleCall::create_mapping) {
      d.reasons.push_back("nothing held the name, so " + style + " created it (closed again: nothing left behind)");
    }
    return d;
  }
  const StyleStep* step = f.asked.failed();
  d.verdict = f.attempted_as + " cannot open '" + f.name + "' the way " + style + " does" +
              (step ? ": " + step->call + " fails with " + std::to_string(step->code) + " " + step->symbol : "") + ".";
  if (!step) return d;
  if (!StyleRun::is_view(*step) && denied(*step)) {
    explain_denied_handle(f, *step, d);
  } else if (StyleRun::is_view(*step)) {
    explain_view(f, *step, d);
  } else if (const auto a = advice_for(step->symbol, AdviceContext{f.name, f.windows, std::nullopt})) {
    d.reasons.push_back(a->meaning);
    d.advice.push_back(a->remedy);
  }
  return d;
}

nlohmann::json open_style_to_json(const OpenStyleFacts& f, const Diagnosis& d) {
  auto run_json = [](const StyleRun& run) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& s : run.steps) {
      nlohmann::json j = {{"call", s.call}, {"ok", s.ok}, {"code", s.code}, {"symbol", s.symbol}};
      if (s.access) j["access"] = mask_name(*s.access, MaskKind::access);
      if (s.protection) j["protection"] = mask_name(*s.protection, MaskKind::protection);
      if (s.size) j["size"] = *s.size;
      if (s.offset) j["offset"] = *s.offset;
      if (s.already_existed) j["already_existed"] = true;
      if (!s.posix_flags.empty()) j["posix_flags"] = s.posix_flags;
      steps.push_back(std::move(j));
    }
    return nlohmann::json{{"label", run.label}, {"works", run.works()}, {"steps", steps}};
  };
  const auto& spec = spec_of(f);
  nlohmann::json attempts = nlohmann::json::array();
  for (const StyleRun* run : {&f.asked, &f.read_open, &f.write_open}) {
    if (!run->label.empty()) attempts.push_back(run_json(*run));
  }
  nlohmann::json j = {{"name", f.name}, {"style", spec.name}, {"attempted_as", f.attempted_as}, {"object_kind", f.object_kind},
                      {"attempts", attempts},
                      {"verdict", d.verdict}, {"works", d.works}, {"reasons", d.reasons}, {"advice", d.advice}};
  if (!spec.library.empty()) j["library"] = {{"name", spec.library}, {"source", spec.source}};
  if (!f.windows) j["posix_flags"] = f.plan.posix_flags;
  if (f.descriptor) j["descriptor"] = *f.descriptor;
  j["wine"] = f.wine ? nlohmann::json(*f.wine) : nlohmann::json(nullptr);
  return j;
}

void print_open_style(const OpenStyleFacts& f, const Diagnosis& d) {
  const auto& spec = spec_of(f);
  std::cout << "diagnose " << f.name << " --open-style " << spec.name << " as " << f.attempted_as << "\n";
  if (!spec.library.empty()) std::cout << "  library: " << spec.library << " (read in " << spec.source << ")\n";
  std::cout << "  object:  " << (f.object_kind.empty() ? "nothing held this name" : "a " + f.object_kind);
  if (f.descriptor) std::cout << ", " << (f.windows ? "DACL " : "mode ") << *f.descriptor;
  std::cout << "\n";
  for (const StyleRun* run : {&f.asked, &f.read_open, &f.write_open}) {
    if (run->label.empty()) continue;  // the plain opens are made only when the object exists
    std::cout << "  " << run->label << ": " << (run->works() ? "works" : "fails") << "\n";
    for (const auto& s : run->steps) std::cout << "      " << step_text(s) << "\n";
  }
  print_diagnosis(d);
}

}  // namespace shmh
