// The verdicts of Windows section calls a traced program made (trace_section_verdicts.h).
#include "harness/cli/trace_section_verdicts.h"

#include <string>

#include "harness/cli/advice.h"
#include "harness/platform/call_decode.h"
#include "harness/platform/mask_names.h"
#include "harness/platform/open_styles.h"
#include "harness/platform/os_error.h"

namespace shmh {
namespace {

using platform::MaskKind;
using platform::TracedApiKind;
using platform::TracedCall;
using platform::mask_name;
namespace mask = platform::mask;

constexpr std::uint32_t kStandardRightsRequired = 0x000F0000;  // DELETE|READ_CONTROL|WRITE_DAC|WRITE_OWNER
constexpr std::uint32_t kViewBits = mask::kFileMapRead | mask::kFileMapWrite | mask::kFileMapCopy | mask::kSectionMapExecute;

std::optional<TracedApiKind> kind_of(const TracedCall& c) {
  const auto* api = platform::find_traced_api(c.api);
  return api ? std::optional<TracedApiKind>(api->kind) : std::nullopt;
}

std::string quoted(const std::string& name) { return "'" + name + "'"; }
std::string code_text(const TracedCall& c) { return std::to_string(c.error) + " " + c.error_symbol; }

// The section rights the open asked for: FILE_MAP_* as passed (FILE_MAP_ALL_ACCESS is SECTION_ALL_ACCESS).
std::uint32_t asked_rights(const TracedCall& c, TracedApiKind kind) {
  if (kind == TracedApiKind::create) return platform::create_or_open_rights(c.protection.value_or(0x04));
  return c.access.value_or(0);
}

// "FILE_MAP_READ" for what the DACL grants of the mapping rights, "nothing" when none.
std::string map_rights_text(std::uint32_t rights) {
  const std::uint32_t map = rights & (mask::kFileMapRead | mask::kFileMapWrite | mask::kSectionMapExecute);
  return map == 0 ? std::string("no right to map it") : mask_name(map, MaskKind::access);
}

// The create or open, earlier in the same process, that returned the handle calls[index] used.
const TracedCall* origin_of_handle(const std::vector<TracedCall>& calls, std::size_t index) {
  const auto& c = calls[index];
  for (std::size_t i = index; i-- > 0;) {
    const auto& o = calls[i];
    if (o.pid != c.pid || o.failed || o.result_value != c.handle) continue;
    const auto kind = kind_of(o);
    if (kind == TracedApiKind::create || kind == TracedApiKind::open) return &o;
    if (kind == TracedApiKind::close) return nullptr;  // the value was a closed handle's, reused
  }
  return nullptr;
}

// The section's size as the trace knows it: the create that made it (not one that found it).
std::optional<std::uint64_t> section_size(const std::vector<TracedCall>& calls, std::size_t index, const std::string& name) {
  for (std::size_t i = index; i-- > 0;) {
    const auto& o = calls[i];
    if (kind_of(o) == TracedApiKind::create && !o.failed && o.object_name == name && o.error_symbol != "ERROR_ALREADY_EXISTS") {
      return o.size;
    }
  }
  return std::nullopt;
}

// A section of this name the program created, and then closed every handle of before `index`:
// a section lives only while a handle or a view holds it.
std::optional<std::string> closed_before(const std::vector<TracedCall>& calls, std::size_t index) {
  const auto& c = calls[index];
  if (c.object_name.empty()) return std::nullopt;
  for (std::size_t i = 0; i < index; ++i) {
    const auto& made = calls[i];
    if (kind_of(made) != TracedApiKind::create || made.failed || made.object_name != c.object_name) continue;
    for (std::size_t j = i + 1; j < index; ++j) {
      const auto& closed = calls[j];
      if (kind_of(closed) == TracedApiKind::close && !closed.failed && closed.pid == made.pid && closed.handle == made.result_value) {
        return "pid " + std::to_string(made.pid) + " created " + quoted(c.object_name) + " with " + made.api + " at " +
               std::to_string(static_cast<long long>(made.t_ms)) + " ms and closed that handle at " +
               std::to_string(static_cast<long long>(closed.t_ms)) + " ms: a section lives only while a handle or a view "
               "holds it, so the name was gone";
      }
    }
  }
  return std::nullopt;
}

Diagnosis judge_denied_open(const TracedCall& c, TracedApiKind kind, const TracedNameFacts* n, const platform::TokenInfo& token) {
  const std::uint32_t asked = asked_rights(c, kind);
  const bool create = kind == TracedApiKind::create;
  if (!n || !n->granted_here || (asked & ~*n->granted_here) == 0) {
    // No descriptor to weigh, or it grants all that was asked: diagnose's rules (the Global\
    // privilege, integrity levels, sessions) say why.
    Diagnosis d = explain(traced_call_facts(c, n, token, true));
    if (n && n->granted_here) {
      d.reasons.insert(d.reasons.begin(), "the section's DACL grants " + token.user + " everything the call asked (" +
                                              mask_name(asked, MaskKind::access) + "): the denial comes from elsewhere");
    }
    return d;
  }
  const std::uint32_t granted = *n->granted_here;
  const std::uint32_t missing = asked & ~granted;
  Diagnosis d;
  d.verdict = c.api + "(" + (create ? mask_name(c.protection.value_or(0), MaskKind::protection) : mask_name(asked, MaskKind::access)) +
              ", " + quoted(c.object_name) + ") returned " + code_text(c) + ": the section's DACL grants " + token.user + " " +
              map_rights_text(granted) + (granted & mask::kFileMapWrite ? "" : " only") + ".";
  if (create) {
    d.reasons.push_back(c.api + " on a name that exists opens that section with the rights a creator needs for " +
                        mask_name(c.protection.value_or(0), MaskKind::protection) + ": " + mask_name(asked, MaskKind::access) +
                        " (Wine's kernelbase and ReactOS build them so)");
  }
  d.reasons.push_back((create ? std::string("the DACL") : "it asked " + mask_name(asked, MaskKind::access) + "; the DACL") +
                      (n->descriptor ? " " + *n->descriptor : "") + " does not grant " + mask_name(missing, MaskKind::access) +
                      " (AccessCheck for this token, when the call returned)");
  const bool can_read = granted & mask::kFileMapRead;
  const bool can_write = granted & mask::kFileMapWrite;
  if (can_read) {
    const std::string open = std::string("OpenFileMappingW(") + (can_write ? "FILE_MAP_READ|FILE_MAP_WRITE" : "FILE_MAP_READ") +
                             ", FALSE, " + quoted(c.object_name) + ")";
    d.advice.push_back(create ? "open the existing section with " + open + " (what the DACL grants), and create it only when that "
                                "open fails with 2 ERROR_FILE_NOT_FOUND"
                              : "open with " + open + " when the program only " + (can_write ? "reads and writes" : "reads") +
                                    ": that much the DACL grants");
  }
  if (!can_write) {
    d.advice.push_back("or have the creator grant write: a security descriptor such as SDDL D:(A;;GRGW;;;AU) "
                       "(authenticated users read and write)");
  }
  if ((missing & kStandardRightsRequired) && !(missing & (mask::kFileMapRead | mask::kFileMapWrite))) {
    d.advice.push_back("FILE_MAP_ALL_ACCESS also asks for DELETE, WRITE_DAC and WRITE_OWNER: ask for FILE_MAP_READ|FILE_MAP_WRITE");
  }
  return d;
}

Diagnosis judge_failed_view(const std::vector<TracedCall>& calls, std::size_t index, std::uint64_t granularity) {
  const auto& c = calls[index];
  const TracedCall* origin = origin_of_handle(calls, index);
  const std::string target = origin && !origin->object_name.empty() ? quoted(origin->object_name) : "handle " + platform::hex_value(c.handle);
  const std::uint64_t offset = c.offset.value_or(0), size = c.size.value_or(0);
  Diagnosis d;
  d.verdict = c.api + "(" + target + ", " + mask_name(c.access.value_or(0), MaskKind::access) + ", offset " + std::to_string(offset) +
              ", " + std::to_string(size) + " bytes) returned NULL with " + code_text(c) + ".";
  if (c.error_symbol == "ERROR_MAPPED_ALIGNMENT" && granularity != 0) {
    d.reasons.push_back("the offset " + std::to_string(offset) + " is not a multiple of the allocation granularity (" +
                        std::to_string(granularity) + " bytes, GetSystemInfo's dwAllocationGranularity)");
    d.advice.push_back("map from " + std::to_string(offset - offset % granularity) + " and add " + std::to_string(offset % granularity) +
                       " to the pointer");
    return d;
  }
  if (c.error_symbol == "ERROR_ACCESS_DENIED") {
    const std::uint32_t view = c.access.value_or(0) & kViewBits;
    if (origin && kind_of(*origin) == TracedApiKind::open && origin->access) {
      const std::uint32_t lacking = view & ~*origin->access & (mask::kFileMapRead | mask::kFileMapWrite | mask::kSectionMapExecute);
      if (lacking != 0) {
        d.reasons.push_back("the handle came from " + origin->api + "(" + mask_name(*origin->access, MaskKind::access) + ", " + target +
                            "): a view with " + mask_name(view, MaskKind::access) + " needs a handle opened with " +
                            mask_name(lacking, MaskKind::access) + " too");
        d.advice.push_back("open with " + mask_name(*origin->access | lacking, MaskKind::access) +
                           " (if the section's DACL grants it), or map with " + mask_name(*origin->access & kViewBits, MaskKind::access) +
                           " only");
        return d;
      }
    }
    if (origin && kind_of(*origin) == TracedApiKind::create && origin->protection && (view & mask::kFileMapWrite)) {
      const std::uint32_t page = *origin->protection & 0xFF;
      if (page == 0x02 || page == 0x08 || page == 0x20 || page == 0x80) {  // PAGE_READONLY, WRITECOPY, EXECUTE_READ, EXECUTE_WRITECOPY
        d.reasons.push_back("the section was created " + mask_name(page, MaskKind::protection) + ": no shared writable view of it exists");
        d.advice.push_back("map it FILE_MAP_READ, or FILE_MAP_COPY for a private copy, or create it PAGE_READWRITE");
        return d;
      }
    }
    const auto known = origin ? section_size(calls, index, origin->object_name) : std::nullopt;
    if (known && size != 0 && offset + size > *known) {
      d.reasons.push_back("a view of " + std::to_string(size) + " bytes from offset " + std::to_string(offset) + " reaches past the end of the " +
                          std::to_string(*known) + "-byte section: MapViewOfFile refuses it with 5 (not 8 or 87)");
      d.advice.push_back("map 0 bytes (the whole section from the offset) or at most " + std::to_string(*known - std::min(offset, *known)) +
                         " bytes");
      return d;
    }
  }
  return with_general_advice(std::move(d), c, true);
}

}  // namespace

std::optional<Diagnosis> judge_section_call(const std::vector<TracedCall>& calls, std::size_t index, const TracedNameFacts* facts,
                                            const platform::TokenInfo& token, std::uint64_t granularity) {
  const auto& c = calls[index];
  const auto kind = kind_of(c);
  if (!kind) return std::nullopt;
  if (!c.failed) {
    if (*kind == TracedApiKind::create && c.error_symbol == "ERROR_ALREADY_EXISTS") {
      Diagnosis d;
      d.works = true;
      d.verdict = quoted(c.object_name) + " already existed: " + c.api + " returned a handle to that section, with 183 "
                  "ERROR_ALREADY_EXISTS.";
      d.reasons.push_back("the section keeps its creator's size and protection; the " +
                          (c.size ? std::to_string(*c.size) + "-byte " : std::string()) + "size and the descriptor this call passed are ignored");
      d.advice.push_back("if this program must be the creator, check GetLastError() == ERROR_ALREADY_EXISTS after the call and "
                         "treat it as \"someone else made it\" (another instance, or a section still held by a process that is "
                         "still running)");
      return d;
    }
    return std::nullopt;
  }
  if (*kind == TracedApiKind::map) return judge_failed_view(calls, index, granularity);
  if (*kind == TracedApiKind::create || *kind == TracedApiKind::open) {
    if (c.error_symbol == "ERROR_ACCESS_DENIED") return judge_denied_open(c, *kind, facts, token);
    if (c.error_symbol == "ERROR_FILE_NOT_FOUND") {
      Diagnosis d = explain(traced_call_facts(c, facts, token, true));
      if (const auto gone = closed_before(calls, index)) {
        d.reasons.insert(d.reasons.begin(), *gone);
        d.advice.insert(d.advice.begin(), "keep the creator's handle (or a view) open until the other side has opened its own");
      }
      return d;
    }
    if (c.error_symbol == "ERROR_INVALID_PARAMETER" && *kind == TracedApiKind::create && c.size.value_or(1) == 0) {
      Diagnosis d;
      d.verdict = c.api + " of " + quoted(c.object_name) + " with a size of 0 returned " + code_text(c) + ".";
      d.reasons.push_back("a section backed by the paging file (hFile INVALID_HANDLE_VALUE) needs a size: only a file-backed one "
                          "takes its size from the file");
      d.advice.push_back("pass the size in dwMaximumSizeHigh/dwMaximumSizeLow");
      return d;
    }
    Diagnosis d = explain(traced_call_facts(c, facts, token, true));
    return with_general_advice(std::move(d), c, true);
  }
  Diagnosis d;
  d.verdict = c.api + " failed with " + code_text(c) + ".";
  return with_general_advice(std::move(d), c, true);
}

}  // namespace shmh
