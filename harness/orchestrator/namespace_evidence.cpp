// The namespace snapshot for a failed scenario's report (see namespace_evidence.h).
#include "harness/orchestrator/namespace_evidence.h"

#include <algorithm>
#include <string_view>

#include "harness/platform/object_namespace.h"
#include "harness/protocol/namespace_json.h"

namespace shmh {
namespace {

bool about_the_name(const report::Observation& o) {
  static constexpr std::string_view kCodes[] = {"ERROR_FILE_NOT_FOUND", "ERROR_ALREADY_EXISTS", "ERROR_INVALID_HANDLE",
                                                "ERROR_ACCESS_DENIED",  "ERROR_PATH_NOT_FOUND", "ENOENT",
                                                "EEXIST",               "EACCES",               "EINVAL"};
  if (o.name.empty() || !o.error) return false;
  return std::find(std::begin(kCodes), std::end(kCodes), o.error->symbol) != std::end(kCodes);
}

}  // namespace

nlohmann::json namespace_evidence(const std::vector<report::Observation>& observations) {
  constexpr std::size_t kMostNames = 4;  // a report carries evidence, not the whole namespace
  std::vector<std::string> names;
  for (const auto& o : observations) {
    if (about_the_name(o) && std::find(names.begin(), names.end(), o.name) == names.end() && names.size() < kMostNames) {
      names.push_back(o.name);
    }
  }
  if (names.empty()) return nullptr;
  platform::NamespaceQuery query;
  query.scope = platform::NamespaceScope::all;
  const auto snapshot = platform::snapshot_namespace(query);
  if (!snapshot) return nullptr;
  nlohmann::json evidence = nlohmann::json::array();
  for (const auto& name : names) evidence.push_back(related_to_json(snapshot.value(), name));
  return evidence;
}

}  // namespace shmh
