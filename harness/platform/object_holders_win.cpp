// Windows holders of named objects: the system handle table (NtQuerySystemInformation class 64),
// each candidate handle duplicated with no access into this process, its name read with
// NtQueryObject, and the duplicate closed at once: a duplicate is a holder while it lives.
#include <windows.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <vector>

#include "harness/platform/nt_api_win.h"
#include "harness/platform/object_namespace_win.h"
#include "harness/platform/win_handle.h"
#include "harness/platform/win_text.h"

namespace shmh::platform {
namespace {

std::string image_name(DWORD pid) {
  UniqueHandle process(::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid));
  if (!process) return "";
  wchar_t path[MAX_PATH * 2];
  DWORD length = MAX_PATH * 2;
  if (!::QueryFullProcessImageNameW(process.get(), 0, path, &length)) return "";
  std::wstring full(path, length);
  const auto slash = full.find_last_of(L"\\/");
  return to_utf8(slash == std::wstring::npos ? full : full.substr(slash + 1));
}

std::string hex_access(std::uint32_t mask) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%X", mask);
  return text;
}

}  // namespace

std::optional<std::wstring> query_object_name(HANDLE handle) {
  static const auto query = nt::function<nt::QueryObjectFn>("NtQueryObject");
  if (query == nullptr) return std::nullopt;
  alignas(8) unsigned char buffer[4096];
  ULONG returned = 0;
  if (query(handle, nt::kObjectNameInformation, buffer, sizeof buffer, &returned) < 0) return std::nullopt;
  const auto* name = reinterpret_cast<const nt::UnicodeString*>(buffer);
  if (name->buffer == nullptr) return std::wstring();
  return std::wstring(name->buffer, name->length / sizeof(wchar_t));
}

void add_holders(NamespaceSnapshot& snapshot, const std::map<std::wstring, std::size_t>& by_path) {
  // The type indices of the four kinds we may query, learned from unnamed objects of our own
  // (the indices differ between Windows versions and Wine), alive while the table is read.
  UniqueHandle section(::CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 1, nullptr));
  UniqueHandle event(::CreateEventW(nullptr, TRUE, FALSE, nullptr));
  UniqueHandle mutex(::CreateMutexW(nullptr, FALSE, nullptr));
  UniqueHandle semaphore(::CreateSemaphoreW(nullptr, 0, 1, nullptr));
  nt::Status status = 0;
  const auto table = nt::system_handle_table(status);
  if (table.empty()) {
    snapshot.problems.push_back(make_os_error("NtQuerySystemInformation(SystemExtendedHandleInformation)", status));
    return;
  }
  const auto* info = reinterpret_cast<const nt::HandleInformationEx*>(table.data());
  const ULONG_PTR self = ::GetCurrentProcessId();
  std::map<USHORT, std::string> types;  // type index -> our type word, only for kinds listed
  std::set<std::string> listed_types;
  for (const auto& object : snapshot.objects) listed_types.insert(object.type);
  const std::pair<HANDLE, const char*> probes[] = {
      {section.get(), "section"}, {event.get(), "event"}, {mutex.get(), "mutex"}, {semaphore.get(), "semaphore"}};
  for (ULONG_PTR i = 0; i < info->number_of_handles; ++i) {
    const auto& entry = info->handles[i];
    if (entry.unique_process_id != self) continue;
    for (const auto& [probe, type] : probes) {
      if (probe != nullptr && entry.handle_value == reinterpret_cast<ULONG_PTR>(probe) && listed_types.contains(type)) {
        types[entry.object_type_index] = type;
      }
    }
  }
  section.reset();
  event.reset();
  mutex.reset();
  semaphore.reset();

  std::map<ULONG_PTR, UniqueHandle> processes;  // pid -> handle with PROCESS_DUP_HANDLE
  std::set<ULONG_PTR> unreadable;
  std::map<ULONG_PTR, std::string> images;
  for (ULONG_PTR i = 0; i < info->number_of_handles; ++i) {
    const auto& entry = info->handles[i];
    const auto type = types.find(entry.object_type_index);
    if (type == types.end()) continue;
    const ULONG_PTR pid = entry.unique_process_id;
    if (unreadable.contains(pid)) continue;
    HANDLE source = ::GetCurrentProcess();
    if (pid != self) {
      auto found = processes.find(pid);
      if (found == processes.end()) {
        UniqueHandle process(::OpenProcess(PROCESS_DUP_HANDLE, FALSE, static_cast<DWORD>(pid)));
        if (!process) {
          const OsError error = last_os_error("OpenProcess(PROCESS_DUP_HANDLE)");
          unreadable.insert(pid);
          snapshot.unreadable.push_back({static_cast<std::int64_t>(pid), image_name(static_cast<DWORD>(pid)), error.describe()});
          continue;
        }
        found = processes.emplace(pid, std::move(process)).first;
      }
      source = found->second.get();
    }
    std::optional<std::wstring> name;
    {
      // No access asked: enough to read the name, and nothing the holder could notice.
      HANDLE raw = nullptr;
      if (!::DuplicateHandle(source, reinterpret_cast<HANDLE>(entry.handle_value), ::GetCurrentProcess(), &raw, 0, FALSE, 0)) continue;
      UniqueHandle duplicate(raw);
      name = query_object_name(duplicate.get());
    }  // the duplicate is closed here, before anything else happens
    if (!name || name->empty()) continue;
    const auto object = by_path.find(*name);
    if (object == by_path.end()) continue;
    if (!images.contains(pid)) images[pid] = image_name(static_cast<DWORD>(pid));
    ObjectHolder holder;
    holder.pid = static_cast<std::int64_t>(pid);
    holder.image = images[pid];
    holder.granted = entry.granted_access;
    holder.access = type->second == "section" ? describe_section_access(entry.granted_access) : hex_access(entry.granted_access);
    snapshot.objects[object->second].holders.push_back(std::move(holder));
  }
}

}  // namespace shmh::platform
