// Token facts to and from JSON.
#include "harness/protocol/token_json.h"

namespace shmh {

nlohmann::json token_to_json(const platform::TokenInfo& t) {
  nlohmann::json privileges = nlohmann::json::array();
  for (const auto& p : t.privileges) privileges.push_back({{"name", p.name}, {"enabled", p.enabled}});
  nlohmann::json j = {{"user", t.user}, {"integrity_level", t.integrity_level}, {"privileges", privileges},
                      {"service", t.service}};
  j["session_id"] = t.session_id ? nlohmann::json(*t.session_id) : nlohmann::json(nullptr);
  j["elevated"] = t.elevated ? nlohmann::json(*t.elevated) : nlohmann::json(nullptr);
  if (t.uid >= 0) j["uid"] = t.uid;
  if (t.gid >= 0) j["gid"] = t.gid;
  return j;
}

platform::TokenInfo token_from_json(const nlohmann::json& j) {
  platform::TokenInfo t;
  if (!j.is_object()) return t;
  t.user = j.value("user", "");
  t.integrity_level = j.value("integrity_level", "");
  t.service = j.value("service", false);
  if (j.contains("session_id") && j["session_id"].is_number()) t.session_id = j["session_id"].get<std::uint32_t>();
  if (j.contains("elevated") && j["elevated"].is_boolean()) t.elevated = j["elevated"].get<bool>();
  if (j.contains("privileges") && j["privileges"].is_array()) {
    for (const auto& p : j["privileges"]) {
      if (p.is_object()) t.privileges.push_back({p.value("name", ""), p.value("enabled", false)});
    }
  }
  t.uid = j.value("uid", std::int64_t{-1});
  t.gid = j.value("gid", std::int64_t{-1});
  return t;
}

}  // namespace shmh
