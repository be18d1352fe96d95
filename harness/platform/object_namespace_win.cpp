// Windows object namespace: the BaseNamedObjects directories read with NtOpenDirectoryObject +
// NtQueryDirectoryObject (names and types, no object opened), section size and DACL, and the
// holders found in the system handle table (object_holders_win.cpp).
#include <windows.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>
#include <vector>

#include "harness/platform/nt_api_win.h"
#include "harness/platform/object_namespace.h"
#include "harness/platform/object_namespace_win.h"
#include "harness/platform/security.h"
#include "harness/platform/win_handle.h"
#include "harness/platform/win_text.h"

namespace shmh::platform {
namespace {

std::string type_word(const std::wstring& nt_type) {
  if (nt_type == L"Section") return "section";
  if (nt_type == L"Event") return "event";
  if (nt_type == L"Mutant") return "mutex";
  if (nt_type == L"Semaphore") return "semaphore";
  if (nt_type == L"Job") return "job";
  if (nt_type == L"Timer") return "waitable timer";
  std::string word = to_utf8(nt_type);
  std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return word;
}

struct Directory {
  std::wstring path;  // as opened
  std::string prefix;  // "Local\\", "Global\\", "Session\\2\\"
  std::optional<std::uint32_t> session;
};

Result<UniqueHandle> open_directory(const std::wstring& path) {
  static const auto open = nt::function<nt::OpenDirectoryObjectFn>("NtOpenDirectoryObject");
  if (open == nullptr) return last_os_error("GetProcAddress(NtOpenDirectoryObject)");
  nt::UnicodeString name{static_cast<USHORT>(path.size() * sizeof(wchar_t)), static_cast<USHORT>(path.size() * sizeof(wchar_t)),
                         const_cast<PWSTR>(path.c_str())};
  nt::ObjectAttributes attributes{sizeof(nt::ObjectAttributes), nullptr, &name, nt::kCaseInsensitive, nullptr, nullptr};
  HANDLE handle = nullptr;
  const nt::Status status = open(&handle, nt::kDirectoryQuery, &attributes);
  if (status < 0) return nt::status_error("NtOpenDirectoryObject(" + to_utf8(path) + ")", status);
  return UniqueHandle(handle);
}

// Every (name, NT type) in a directory, without opening any of them.
Result<std::vector<std::pair<std::wstring, std::wstring>>> read_directory(HANDLE directory, const std::wstring& path) {
  static const auto query = nt::function<nt::QueryDirectoryObjectFn>("NtQueryDirectoryObject");
  if (query == nullptr) return last_os_error("GetProcAddress(NtQueryDirectoryObject)");
  std::vector<std::pair<std::wstring, std::wstring>> entries;
  // One entry per call: Wine (8.0) implements only ReturnSingleEntry, and Windows accepts it.
  std::vector<unsigned char> buffer(4096);
  ULONG context = 0;
  bool restart = true;
  for (int round = 0; round < 1000000; ++round) {
    ULONG returned = 0;
    const nt::Status status = query(directory, buffer.data(), static_cast<ULONG>(buffer.size()), TRUE, restart, &context, &returned);
    if ((status == nt::kBufferTooSmall || status == nt::kBufferOverflow) && returned > buffer.size()) {
      buffer.resize(returned);
      continue;  // the same entry again: the context did not move
    }
    restart = false;
    if (status == nt::kNoMoreEntries) break;
    if (status < 0) return nt::status_error("NtQueryDirectoryObject(" + to_utf8(path) + ")", status);
    const auto* e = reinterpret_cast<const nt::DirectoryEntry*>(buffer.data());
    if (e->name.buffer == nullptr) break;
    entries.emplace_back(std::wstring(e->name.buffer, e->name.length / sizeof(wchar_t)),
                         std::wstring(e->type_name.buffer, e->type_name.length / sizeof(wchar_t)));
  }
  return entries;
}

// The session numbers under \Sessions (each may have a BaseNamedObjects).
std::vector<std::uint32_t> listed_sessions(NamespaceSnapshot& snapshot) {
  std::vector<std::uint32_t> sessions;
  auto dir = open_directory(L"\\Sessions");
  if (!dir) {
    snapshot.problems.push_back(dir.error());
    return sessions;
  }
  auto entries = read_directory(dir.value().get(), L"\\Sessions");
  if (!entries) {
    snapshot.problems.push_back(entries.error());
    return sessions;
  }
  for (const auto& [name, type] : entries.value()) {
    if (type == L"Directory" && !name.empty() && name.find_first_not_of(L"0123456789") == std::wstring::npos) {
      sessions.push_back(static_cast<std::uint32_t>(std::stoul(name)));
    }
  }
  return sessions;
}

std::vector<Directory> directories_for(const NamespaceQuery& query, std::optional<std::uint32_t> own, NamespaceSnapshot& snapshot) {
  auto session_dir = [&](std::uint32_t n) {
    return Directory{L"\\Sessions\\" + std::to_wstring(n) + L"\\BaseNamedObjects",
                     own && *own == n ? "Local\\" : "Session\\" + std::to_string(n) + "\\", n};
  };
  // Session 0's Local\ namespace is the global directory itself.
  const Directory global{L"\\BaseNamedObjects", "Global\\", std::nullopt};
  std::vector<Directory> dirs;
  switch (query.scope) {
    case NamespaceScope::global: dirs.push_back(global); break;
    case NamespaceScope::session:
      if (query.session.value_or(0) == 0) dirs.push_back(global); else dirs.push_back(session_dir(*query.session));
      break;
    case NamespaceScope::own_and_global:
      if (own && *own != 0) dirs.push_back(session_dir(*own));
      dirs.push_back(global);
      break;
    case NamespaceScope::all:
      for (const auto n : listed_sessions(snapshot)) {
        if (n != 0) dirs.push_back(session_dir(n));
      }
      if (own && *own != 0 && std::none_of(dirs.begin(), dirs.end(), [&](const Directory& d) { return d.session == own; })) {
        dirs.push_back(session_dir(*own));
      }
      dirs.push_back(global);
      break;
  }
  return dirs;
}

// Size (NtQuerySection) and owner/DACL of a section. Each handle is closed before returning: a
// query must not keep the object alive.
void read_section_details(NamedObject& object) {
  static const auto query = nt::function<nt::QuerySectionFn>("NtQuerySection");
  const std::wstring wide = to_utf16(object.name);
  if (query != nullptr) {
    // SECTION_QUERY alone equals FILE_MAP_COPY, which OpenFileMappingW turns into FILE_MAP_READ:
    // READ_CONTROL makes the mask differ, so the handle really has SECTION_QUERY.
    UniqueHandle section(::OpenFileMappingW(SECTION_QUERY | READ_CONTROL, FALSE, wide.c_str()));
    if (section) {
      nt::SectionBasicInformation info{};
      if (query(section.get(), nt::kSectionBasicInformation, &info, sizeof info, nullptr) >= 0) {
        object.size = static_cast<std::uint64_t>(info.maximum_size.QuadPart);
      }
    }
  }
  if (auto security = mapping_security(object.name)) {
    object.owner = security.value().owner;
    object.descriptor = security.value().descriptor;
  }
}

}  // namespace

Result<NamespaceSnapshot> snapshot_namespace(const NamespaceQuery& query) {
  NamespaceSnapshot snapshot;
  DWORD own = 0;
  if (::ProcessIdToSessionId(::GetCurrentProcessId(), &own)) snapshot.own_session = own;
  snapshot.one_namespace = snapshot.own_session && *snapshot.own_session == 0;  // session 0's Local\ is \BaseNamedObjects
  std::vector<std::wstring> seen;  // real directory names: a link to a listed directory is not listed twice
  std::map<std::wstring, std::size_t> by_path;  // full NT path -> index in objects
  bool listed_any = false;
  for (const auto& dir : directories_for(query, snapshot.own_session, snapshot)) {
    auto handle = open_directory(dir.path);
    if (!handle) {
      snapshot.problems.push_back(handle.error());
      continue;
    }
    std::wstring real = dir.path;
    if (auto name = query_object_name(handle.value().get()); name && !name->empty()) real = *name;
    if (std::find(seen.begin(), seen.end(), real) != seen.end()) {
      // The global directory turned out to be the session's: one namespace, listed once.
      if (!dir.session) snapshot.one_namespace = true;
      continue;
    }
    seen.push_back(real);
    auto entries = read_directory(handle.value().get(), dir.path);
    if (!entries) {
      snapshot.problems.push_back(entries.error());
      continue;
    }
    listed_any = true;
    snapshot.directories.push_back(to_utf8(real));
    for (const auto& [name, type] : entries.value()) {
      if (type == L"Directory" || type == L"SymbolicLink") continue;  // the namespace's plumbing (Local, Global, Session)
      NamedObject object;
      object.base_name = to_utf8(name);
      object.name = dir.prefix + object.base_name;
      object.directory = to_utf8(real);
      object.type = type_word(type);
      object.session = dir.session;
      by_path[real + L"\\" + name] = snapshot.objects.size();
      snapshot.objects.push_back(std::move(object));
    }
  }
  if (!listed_any) {
    return snapshot.problems.empty() ? make_os_error("NtQueryDirectoryObject", ERROR_PATH_NOT_FOUND) : snapshot.problems.front();
  }
  if (query.with_details) {
    for (auto& object : snapshot.objects) {
      if (object.type == "section") read_section_details(object);
    }
  }
  if (query.with_holders) add_holders(snapshot, by_path);
  std::stable_sort(snapshot.objects.begin(), snapshot.objects.end(), [](const NamedObject& a, const NamedObject& b) {
    return std::tie(a.directory, a.name) < std::tie(b.directory, b.name);
  });
  return snapshot;
}

}  // namespace shmh::platform
