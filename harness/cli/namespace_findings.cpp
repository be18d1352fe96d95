// diagnose's findings from the namespace: where the name actually is, who holds it, near misses.
#include "harness/cli/namespace_findings.h"

namespace shmh {
namespace {

using platform::NearMiss;

std::string holders_text(const platform::NamedObject& o) {
  std::string text;
  for (const auto& h : o.holders) text += (text.empty() ? "" : "; ") + holder_text(h);
  return text;
}

std::string where_text(const platform::NamedObject& o) {
  if (o.session) return "in session " + std::to_string(*o.session);
  return o.directory.starts_with("\\") ? "in the Global namespace" : "in " + o.directory;
}

std::string with_article(const std::string& word) {
  return (std::string("aeiou").find(word.empty() ? 'x' : word[0]) != std::string::npos ? "an " : "a ") + word;
}

bool is_mapping(const platform::NamedObject& o) { return o.type == "section" || o.type == "shared-memory object"; }

// The finding for one near miss, and the advice it calls for ("" when none).
std::pair<std::string, std::string> near_miss_finding(const DiagnoseFacts& f, const DiagnoseFacts::Related& r, bool exact_exists) {
  const auto& o = r.object;
  const std::string held = o.holders.empty() ? "" : "; " + holders_text(o);
  switch (r.kind) {
    case NearMiss::other_namespace:
      return {std::string(exact_exists ? "also: " : "nothing named " + f.name + ", but ") + o.name + " exists " +
                  where_text(o) + " (" + o.type + ")" + held,
              exact_exists ? "" : "open '" + o.name + "' where it is, or have its creator use '" + f.name +
                                      "' (across sessions only Global\\ names are shared)"};
    case NearMiss::other_type:
      if (!f.windows) {
        return {with_article(o.type) + " named " + o.base_name + " exists: POSIX keeps it apart (sem." + o.base_name +
                    "), so it does not block a shared-memory object of that name" + held, ""};
      }
      return {with_article(o.type) + " named " + o.name + " exists: a section cannot take that name (6 ERROR_INVALID_HANDLE)" + held,
              is_mapping(o) ? "" : "pick a name no other kind of object uses, e.g. '" + f.name + "-memory'"};
    case NearMiss::other_case:
      return {"'" + o.name + "' exists (" + o.type + ", " + where_text(o) + "): it differs only in letter case, and names are "
              "case-sensitive" + held, "use the creator's exact spelling, '" + o.name + "'"};
    case NearMiss::spacing:
      return {"'" + o.name + "' exists (" + o.type + ", " + where_text(o) + "): it differs only in leading or trailing "
              "spaces" + held, "trim the name on both sides, or use the creator's exact spelling, '" + o.name + "'"};
    case NearMiss::exact: break;
  }
  return {"", ""};
}

}  // namespace

std::string holder_text(const platform::ObjectHolder& h) {
  return std::string(h.maps_only ? "mapped by" : "held by") + " pid " + std::to_string(h.pid) +
         (h.image.empty() ? "" : " (" + h.image + ")") + " with " + h.access;
}

void add_namespace_findings(const DiagnoseFacts& f, Diagnosis& d) {
  if (!f.namespace_read) return;
  const DiagnoseFacts::Related* exact = nullptr;
  for (const auto& r : f.related) {
    if (r.kind == NearMiss::exact && exact == nullptr) exact = &r;
  }
  if (exact != nullptr) {
    const auto& o = exact->object;
    if (!o.holders.empty()) {
      d.reasons.push_back(o.name + " (" + o.type + ") is " + holders_text(o));
    } else if (!f.windows) {
      d.reasons.push_back(o.name + " is held and mapped by no process: a POSIX object lives until shm_unlink");
    }
    const bool already = f.create && f.create->error &&
                         (f.create->error->symbol == "ERROR_ALREADY_EXISTS" || f.create->error->symbol == "EEXIST");
    if (already) {
      d.reasons.push_back(o.holders.empty() ? "no living process holds it: its creator is gone"
                                            : "its creator is among these holders if it still runs");
    }
  }
  for (const auto& r : f.related) {
    if (r.kind == NearMiss::exact) continue;
    auto [reason, advice] = near_miss_finding(f, r, exact != nullptr);
    d.reasons.push_back(reason);
    if (!advice.empty() && exact == nullptr) d.advice.push_back(advice);
  }
  if (!f.unreadable.empty() && (exact != nullptr || !f.related.empty())) {
    std::string named;
    for (std::size_t i = 0; i < f.unreadable.size() && i < 3; ++i) {
      const auto& u = f.unreadable[i];
      named += (named.empty() ? "" : ", ") + ("pid " + std::to_string(u.pid)) + (u.image.empty() ? "" : " (" + u.image + ")");
    }
    if (f.unreadable.size() > 3) named += ", ...";
    d.reasons.push_back(std::to_string(f.unreadable.size()) + " process(es) could not be examined and may hold it too: " + named);
  }
}

void add_identity_notes(const DiagnoseFacts& f, Diagnosis& d) {
  if (!f.windows && f.token.uid == 0 && f.attempted_as == "this process") {
    d.reasons.push_back("this process runs as root (uid 0), which bypasses the mode bits: other users may be refused "
                        "what works here; `diagnose --as-restricted` makes the attempts as nobody to see what they see");
  }
}

}  // namespace shmh
