// The OS-independent part of the object namespace: near misses of a name, and access masks as text.
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "harness/platform/object_namespace.h"

namespace shmh::platform {
namespace {

// The namespace a caller's name points at, as the directory tag NamedObject::name starts with.
// POSIX has one namespace: every prefix is dropped.
struct AskedName {
  std::string space;  // "Global\\", "Local\\", "Session\\N\\", or "" (POSIX)
  std::string base;
};

AskedName split_asked(std::string_view name, bool posix, std::optional<std::uint32_t> own_session) {
  for (std::string_view prefix : {"Global\\", "Local\\"}) {
    if (name.starts_with(prefix)) {
      name.remove_prefix(prefix.size());
      if (posix) return {"", std::string(name)};
      // In session 0, Local\ and Global\ are the same directory (\BaseNamedObjects).
      const bool global = prefix == "Global\\" || (own_session && *own_session == 0);
      return {global ? "Global\\" : "Local\\", std::string(name)};
    }
  }
  if (posix) return {"", std::string(name.starts_with("/") ? name.substr(1) : name)};
  // A bare name is Local\ (which in session 0 is the global directory).
  return {own_session && *own_session == 0 ? "Global\\" : "Local\\", std::string(name)};
}

std::string lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool same_family(std::string_view type, std::string_view wanted) {
  if (wanted == "section" || wanted == "shared-memory object") return type == "section" || type == "shared-memory object";
  return type == wanted;
}

}  // namespace

const char* near_miss_name(NearMiss kind) {
  switch (kind) {
    case NearMiss::exact: return "exact";
    case NearMiss::other_namespace: return "other_namespace";
    case NearMiss::other_type: return "other_type";
    case NearMiss::other_case: return "other_case";
    case NearMiss::spacing: return "spacing";
  }
  return "?";
}

std::vector<RelatedObject> related_objects(const NamespaceSnapshot& snapshot, std::string_view name,
                                           std::string_view wanted_type) {
  // A snapshot with no Windows directory is a POSIX one.
  const bool posix = std::none_of(snapshot.directories.begin(), snapshot.directories.end(),
                                  [](const std::string& d) { return d.starts_with("\\"); });
  const AskedName asked = split_asked(name, posix, snapshot.own_session);
  std::vector<RelatedObject> related;
  for (const auto& object : snapshot.objects) {
    const bool same_space = posix || snapshot.one_namespace || object.name.starts_with(asked.space);
    std::optional<NearMiss> kind;
    if (object.base_name == asked.base) {
      if (!same_space) {
        kind = NearMiss::other_namespace;
      } else {
        kind = same_family(object.type, wanted_type) ? NearMiss::exact : NearMiss::other_type;
      }
    } else if (trimmed(object.base_name) == trimmed(asked.base)) {
      kind = NearMiss::spacing;
    } else if (lowered(trimmed(object.base_name)) == lowered(trimmed(asked.base))) {
      kind = NearMiss::other_case;
    }
    if (kind) related.push_back({*kind, &object});
  }
  std::stable_sort(related.begin(), related.end(),
                   [](const RelatedObject& a, const RelatedObject& b) { return a.kind < b.kind; });
  return related;
}

std::string describe_section_access(std::uint32_t mask) {
  // winnt.h / memoryapi.h values: SECTION_ALL_ACCESS is FILE_MAP_ALL_ACCESS, FILE_MAP_READ is
  // SECTION_MAP_READ, FILE_MAP_WRITE is SECTION_MAP_WRITE, FILE_MAP_EXECUTE is
  // SECTION_MAP_EXECUTE_EXPLICIT, FILE_MAP_COPY is SECTION_QUERY.
  constexpr std::uint32_t kAll = 0x000F001F;
  struct Bit {
    std::uint32_t value;
    const char* name;
  };
  constexpr Bit kBits[] = {{0x0004, "FILE_MAP_READ"},      {0x0002, "FILE_MAP_WRITE"},     {0x0020, "FILE_MAP_EXECUTE"},
                           {0x0008, "SECTION_MAP_EXECUTE"}, {0x0001, "SECTION_QUERY"},      {0x0010, "SECTION_EXTEND_SIZE"},
                           {0x10000, "DELETE"},             {0x20000, "READ_CONTROL"},      {0x40000, "WRITE_DAC"},
                           {0x80000, "WRITE_OWNER"},        {0x100000, "SYNCHRONIZE"}};
  std::string text;
  std::uint32_t rest = mask;
  auto add = [&](const char* part) { text += (text.empty() ? "" : " | ") + std::string(part); };
  if ((mask & kAll) == kAll) {
    add("FILE_MAP_ALL_ACCESS");
    rest &= ~kAll;
  }
  for (const auto& bit : kBits) {
    if (rest & bit.value) {
      add(bit.name);
      rest &= ~bit.value;
    }
  }
  if (rest != 0) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%X", rest);
    add(hex);
  }
  return text.empty() ? "no access (0x0)" : text;
}

}  // namespace shmh::platform
