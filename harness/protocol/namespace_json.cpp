// The object namespace as JSON (one shape for names --json, diagnose --json and report.json).
#include "harness/protocol/namespace_json.h"

namespace shmh {

using nlohmann::json;

json holder_to_json(const platform::ObjectHolder& h) {
  return {{"pid", h.pid}, {"image", h.image}, {"access", h.access}, {"granted", h.granted}, {"maps_only", h.maps_only}};
}

json object_to_json(const platform::NamedObject& o) {
  json holders = json::array();
  for (const auto& h : o.holders) holders.push_back(holder_to_json(h));
  return {{"name", o.name},
          {"base_name", o.base_name},
          {"directory", o.directory},
          {"type", o.type},
          {"session", o.session ? json(*o.session) : json(nullptr)},
          {"size", o.size ? json(*o.size) : json(nullptr)},
          {"owner", o.owner},
          {"descriptor", o.descriptor},
          {"holders", holders}};
}

namespace {

json unreadable_to_json(const platform::NamespaceSnapshot& s) {
  json unreadable = json::array();
  for (const auto& u : s.unreadable) unreadable.push_back({{"pid", u.pid}, {"image", u.image}, {"reason", u.reason}});
  return unreadable;
}

json problems_to_json(const platform::NamespaceSnapshot& s) {
  json problems = json::array();
  for (const auto& p : s.problems) problems.push_back(p.describe());
  return problems;
}

}  // namespace

json namespace_to_json(const platform::NamespaceSnapshot& s, const std::function<bool(const platform::NamedObject&)>& keep) {
  json objects = json::array();
  for (const auto& o : s.objects) {
    if (!keep || keep(o)) objects.push_back(object_to_json(o));
  }
  return {{"schema_version", kNamespaceSchemaVersion},
          {"directories", s.directories},
          {"own_session", s.own_session ? json(*s.own_session) : json(nullptr)},
          {"one_namespace", s.one_namespace},
          {"objects", objects},
          {"unreadable", unreadable_to_json(s)},
          {"problems", problems_to_json(s)}};
}

json related_to_json(const platform::NamespaceSnapshot& s, const std::string& name) {
  json related = json::array();
  for (const auto& r : platform::related_objects(s, name)) {
    json entry = object_to_json(*r.object);
    entry["relation"] = platform::near_miss_name(r.kind);
    related.push_back(std::move(entry));
  }
  return {{"name", name}, {"directories", s.directories}, {"related", related},
          {"unreadable", unreadable_to_json(s)}, {"problems", problems_to_json(s)}};
}

}  // namespace shmh
