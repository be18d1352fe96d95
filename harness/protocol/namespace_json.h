// The object namespace as JSON: `names --json`, diagnose's facts and the report's namespace
// snapshot use this one shape (docs/report-schema.md, "namespace snapshot").
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "harness/platform/object_namespace.h"

namespace shmh {

inline constexpr int kNamespaceSchemaVersion = 1;

nlohmann::json holder_to_json(const platform::ObjectHolder& holder);
nlohmann::json object_to_json(const platform::NamedObject& object);
// The snapshot with the objects `keep` accepts (all when keep is empty).
nlohmann::json namespace_to_json(const platform::NamespaceSnapshot& snapshot,
                                 const std::function<bool(const platform::NamedObject&)>& keep = {});
// The objects related to `name` (exact ones and near misses) with their kind, and who could not
// be examined: the evidence a report keeps for a scenario that failed on a name.
nlohmann::json related_to_json(const platform::NamespaceSnapshot& snapshot, const std::string& name);

}  // namespace shmh
