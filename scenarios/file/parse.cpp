// Scenario files: the format's rules (docs/scenario-files.md), from a TOML table to the model.
#include "scenarios/file/parse.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <set>

#include "harness/platform/error_symbols.h"
#include "harness/platform/mask_names.h"
#include "harness/platform/open_styles.h"
#include "reports/utf8_path.h"
#include "scenarios/file/toml_reader.h"

namespace shmh::scenario_file {
namespace {

constexpr std::int64_t kMaxSize = std::int64_t{1} << 40;
constexpr std::size_t kMaxProblems = 20;

constexpr std::array<std::string_view, 2> kTopKeys{"version", "scenario"};
constexpr std::array<std::string_view, 7> kScenarioKeys{"id", "description", "labels", "platforms", "timeout_ms", "role", "step"};
constexpr std::array<std::string_view, 4> kRoleKeys{"name", "identity", "uid", "gid"};
constexpr std::array<std::string_view, 7> kIdentities{"normal", "no-global-privilege", "no-lock-memory-privilege",
                                                      "low-integrity", "app-container", "filtered-admin", "other-user"};
constexpr std::array<std::string_view, 11> kKinds{"create", "open", "map", "write", "read", "unmap",
                                                  "close", "exit", "crash", "hold", "race"};
constexpr std::array<std::string_view, 2> kPlatforms{"windows", "posix"};

struct KindKeys {
  std::string_view kind;
  bool checked;  // takes `role`, `expect` and `skip_when`
  std::vector<std::string_view> keys;
};
const std::vector<KindKeys>& kind_keys() {
  static const std::vector<KindKeys> table{
      {"create", true, {"name", "exact_name", "size", "protection", "sddl", "mode", "or_open", "ansi", "slot"}},
      {"open", true, {"name", "exact_name", "access", "style", "slot"}},
      {"map", true, {"access", "offset", "size", "slot"}},
      {"write", true, {"text", "offset", "encoding", "slot"}},
      {"read", true, {"expect_text", "offset", "length", "encoding", "slot"}},
      {"unmap", true, {"slot"}},
      {"close", true, {"slot"}},
      {"exit", false, {}},
      {"crash", false, {"mid_write"}},
      {"hold", false, {"ms"}},
      {"race", false, {"roles", "racers", "trials", "size", "name", "created", "existed", "other"}},
  };
  return table;
}

bool id_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'; }
bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

// "" when the id is well formed: lowercase segments separated by '/', at least two.
std::string id_problem(const std::string& id) {
  if (id.size() > 128) return "is longer than 128 characters";
  if (id.find('/') == std::string::npos) return "needs an area: write 'area/name' (your team or product, e.g. 'orders/create-twice')";
  std::size_t start = 0;
  while (start <= id.size()) {
    const auto end = std::min(id.find('/', start), id.size());
    if (end == start) return "has an empty segment";
    for (std::size_t i = start; i < end; ++i) {
      if (!id_char(id[i])) return "may hold only lowercase letters, digits, '-', '_', '.' and '/'";
    }
    start = end + 1;
  }
  return "";
}

// "" when a per-run unique name is well formed: an optional Global\ or Local\ and a plain tail.
std::string unique_name_problem(const std::string& name) {
  std::string_view tail = name;
  for (std::string_view prefix : {"Global\\", "Local\\"}) {
    if (tail.substr(0, prefix.size()) == prefix) tail.remove_prefix(prefix.size());
  }
  if (tail.empty() || tail.size() > 64) return "needs 1 .. 64 characters after its Global\\ or Local\\ prefix";
  for (char c : tail) {
    if (!word_char(c)) {
      return "may hold only letters, digits, '-', '_' and '.' after its prefix (per-run unique names are built from "
             "it); set exact_name = true to pass any name as written";
    }
  }
  return "";
}

class FileParser {
 public:
  FileParser(const std::string& path, std::vector<Problem>& problems, const std::vector<std::string>& reserved)
      : path_(path), problems_(problems), reserved_(reserved) {}

  void file(const toml::table& root, ScenarioFile& out) {
    const TableReader top(root, "the file", path_, problems_);
    top.only_keys(kTopKeys);
    top.integer("version", false, 1, 1);
    const auto* scenarios = root.get("scenario");
    if (scenarios == nullptr) {
      problems_.push_back({path_, {}, "no scenario: the file needs at least one [[scenario]] table"});
      return;
    }
    const auto* array = scenarios->as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
      top.problem(pos_of(scenarios->source()), "key 'scenario' must be an array of tables: write [[scenario]]");
      return;
    }
    if (array->empty() || array->size() > 256) {
      top.problem(pos_of(scenarios->source()), "1 .. 256 scenarios per file, not " + std::to_string(array->size()));
      return;
    }
    std::set<std::string> ids;
    for (const auto& node : *array) {
      if (problems_.size() >= kMaxProblems) return;
      FileScenario scenario;
      this->scenario(*node.as_table(), scenario);
      if (!scenario.id.empty() && !ids.insert(scenario.id).second) {
        problems_.push_back({path_, scenario.pos, "scenario id '" + scenario.id + "' appears twice in this file"});
      }
      out.scenarios.push_back(std::move(scenario));
    }
  }

 private:
  void scenario(const toml::table& table, FileScenario& out) {
    const TableReader first(table, "a [[scenario]]", path_, problems_);
    first.only_keys(kScenarioKeys);
    if (auto id = first.string("id", true, 256)) {
      out.pos = first.pos("id");
      if (const auto problem = id_problem(*id); !problem.empty()) {
        first.problem(out.pos, "key 'id': '" + id->substr(0, 128) + "' " + problem);
      } else {
        const std::string area = id->substr(0, id->find('/'));
        if (std::find(reserved_.begin(), reserved_.end(), area) != reserved_.end()) {
          first.problem(out.pos, "key 'id': area '" + area + "' belongs to the built-in catalogue; use your own area ('" +
                                 "myteam/" + id->substr(id->find('/') + 1) + "')");
        }
        out.id = *id;
      }
    } else {
      out.pos = pos_of(table.source());
    }
    const std::string what = out.id.empty() ? "a [[scenario]]" : "scenario '" + out.id + "'";
    const TableReader t(table, what, path_, problems_);
    if (auto description = t.string("description", true, 1024)) out.description = *description;
    if (auto labels = t.strings("labels", 32, 64)) {
      for (const auto& label : *labels) {
        if (!std::all_of(label.begin(), label.end(), word_char)) {
          t.problem(t.pos("labels"), "key 'labels': '" + label + "' may hold only letters, digits, '-', '_' and '.'");
        }
      }
      out.labels = *labels;
    }
    if (auto platforms = t.strings("platforms", 2, 16)) {
      for (const auto& p : *platforms) {
        if (std::find(kPlatforms.begin(), kPlatforms.end(), p) == kPlatforms.end()) {
          t.problem(t.pos("platforms"), "key 'platforms': unknown platform '" + p + "' (windows or posix)");
        }
      }
      if (platforms->empty()) t.problem(t.pos("platforms"), "key 'platforms' is empty: leave it out for both platforms");
      out.platforms = *platforms;
    }
    if (auto timeout = t.integer("timeout_ms", false, 1000, 3600000)) out.timeout_ms = *timeout;
    platforms_ = out.platforms;
    tables(t, "role", false, 64, [&](const toml::table& role) { out.roles.push_back(this->role(role, out.roles)); });
    roles_.clear();
    for (const auto& role : out.roles) roles_.push_back(role.name);
    tables(t, "step", true, 10000, [&](const toml::table& step) {
      if (problems_.size() < kMaxProblems) out.steps.push_back(this->step(step));
    });
  }

  // Each table of the array-of-tables `key` (1 .. max of them when present), to `each`.
  template <typename Each>
  bool tables(const TableReader& t, std::string_view key, bool required, std::size_t max, Each each) {
    const auto* node = t.node(key);
    if (node == nullptr) {
      if (required) t.problem_at_table(t.what() + " needs at least one [[scenario." + std::string(key) + "]]");
      return false;
    }
    const auto* array = node->as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
      t.problem(pos_of(node->source()), "key '" + std::string(key) + "' must be an array of tables: write [[scenario." +
                                            std::string(key) + "]]");
      return false;
    }
    if (array->empty() || array->size() > max) {
      t.problem(pos_of(node->source()), "1 .. " + std::to_string(max) + " of [[scenario." + std::string(key) + "]], not " +
                                            std::to_string(array->size()));
      return false;
    }
    for (const auto& item : *array) each(*item.as_table());
    return true;
  }

  Role role(const toml::table& table, const std::vector<Role>& earlier) {
    Role out;
    out.pos = pos_of(table.source());
    const TableReader t(table, "a [[scenario.role]]", path_, problems_);
    t.only_keys(kRoleKeys);
    if (auto name = t.string("name", true, 64)) {
      const bool ok = !name->empty() && name->size() <= 32 &&
                      std::all_of(name->begin(), name->end(), [](char c) { return id_char(c) && c != '.'; });
      if (!ok) t.problem(t.pos("name"), "key 'name': role name '" + name->substr(0, 32) + "' must be 1 .. 32 of a-z, 0-9, '-', '_'");
      for (const auto& role : earlier) {
        if (role.name == *name) t.problem(t.pos("name"), "key 'name': role '" + *name + "' is declared twice");
      }
      out.name = *name;
    }
    if (auto identity = t.choice("identity", false, kIdentities)) out.identity = *identity;
    if (auto uid = t.integer("uid", false, 0, 4294967294LL)) out.uid = static_cast<std::uint32_t>(*uid);
    if (auto gid = t.integer("gid", false, 0, 4294967294LL)) out.gid = static_cast<std::uint32_t>(*gid);
    if ((t.node("uid") || t.node("gid")) && out.identity != "other-user") {
      t.problem(t.pos(t.node("uid") ? "uid" : "gid"), "keys 'uid' and 'gid' need identity = \"other-user\"");
    }
    return out;
  }

  // The role's name checked against the declared roles.
  void declared(const TableReader& t, std::string_view key, const std::string& name) {
    if (std::find(roles_.begin(), roles_.end(), name) != roles_.end()) return;
    std::vector<std::string_view> names(roles_.begin(), roles_.end());
    const auto suggestion = nearest(name, names);
    t.problem(t.pos(key), "key '" + std::string(key) + "': role '" + name.substr(0, 32) + "' is not declared in [[scenario.role]]" +
                              (suggestion.empty() ? "" : "; did you mean '" + std::string(suggestion) + "'?"));
  }

  Step step(const toml::table& table) {
    Step out;
    out.pos = pos_of(table.source());
    const TableReader first(table, "a [[scenario.step]]", path_, problems_);
    const auto kind = first.choice("do", true, kKinds);
    if (!kind) return out;
    const auto& spec = *std::find_if(kind_keys().begin(), kind_keys().end(), [&](const KindKeys& k) { return k.kind == *kind; });
    const TableReader t(table, "a " + *kind + " step", path_, problems_);
    t.only_keys(step_keys(*kind));
    if (spec.checked || *kind != "race") {
      if (auto role = t.string("role", true, 64)) {
        declared(t, "role", *role);
        out.role = *role;
      }
    }
    if (spec.checked) {
      if (const auto* expect = t.node("expect")) out.expect = expectation(t, *expect, "expect");
      if (const auto* skip = t.node("skip_when")) out.skip_when = skip_when(t, *skip);
    }
    if (*kind == "create") out.action = create(t);
    else if (*kind == "open") out.action = open(t);
    else if (*kind == "map") out.action = map(t);
    else if (*kind == "write") out.action = write(t);
    else if (*kind == "read") out.action = read(t);
    else if (*kind == "unmap") out.action = UnmapStep{slot(t)};
    else if (*kind == "close") out.action = CloseStep{slot(t)};
    else if (*kind == "exit") out.action = ExitStep{};
    else if (*kind == "crash") out.action = CrashStep{t.string("mid_write", false, 65536)};
    else if (*kind == "hold") out.action = HoldStep{t.integer("ms", true, 0, 10000).value_or(0)};
    else out.action = race(t);
    return out;
  }

  std::optional<std::string> slot(const TableReader& t) {
    auto slot = t.string("slot", false, 64);
    if (slot && (slot->empty() || slot->size() > 32 || !std::all_of(slot->begin(), slot->end(), word_char))) {
      t.problem(t.pos("slot"), "key 'slot': '" + slot->substr(0, 32) + "' must be 1 .. 32 letters, digits, '-', '_' or '.'");
    }
    return slot;
  }

  ObjectName name(const TableReader& t) {
    ObjectName out;
    out.exact_name = t.boolean("exact_name").value_or(false);
    if (auto name = t.string("name", true, 1024)) {
      std::string problem;
      if (out.exact_name) {
        if (name->empty() || name->size() > 260 || name->find('\0') != std::string::npos) problem = "must be 1 .. 260 characters";
      } else {
        problem = unique_name_problem(*name);
      }
      if (!problem.empty()) t.problem(t.pos("name"), "key 'name': '" + name->substr(0, 64) + "' " + problem);
      out.name = *name;
    }
    return out;
  }

  std::optional<std::string> mask(const TableReader& t, std::string_view key, platform::MaskKind kind, bool read_write) {
    auto text = t.string(key, false, 512);
    if (!text || (read_write && (*text == "read" || *text == "write"))) return text;
    std::string error;
    if (!platform::parse_mask(*text, kind, error)) {
      t.problem(t.pos(key), "key '" + std::string(key) + "': " + (read_write ? "not \"read\", \"write\" or " : "") +
                                "a mask of known names: " + error);
    }
    return text;
  }

  std::optional<std::uint64_t> unsigned_key(const TableReader& t, std::string_view key, std::int64_t min, std::int64_t max) {
    const auto n = t.integer(key, false, min, max);
    return n ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(*n)) : std::nullopt;
  }

  CreateStep create(const TableReader& t) {
    CreateStep out;
    out.name = name(t);
    out.size = unsigned_key(t, "size", 1, kMaxSize).value_or(4096);
    out.protection = mask(t, "protection", platform::MaskKind::protection, false);
    out.sddl = t.string("sddl", false, 4096);
    if (auto mode = t.integer("mode", false, 0, 0777)) out.mode = static_cast<std::uint32_t>(*mode);
    out.or_open = t.boolean("or_open");
    out.ansi = t.boolean("ansi");
    out.slot = slot(t);
    return out;
  }

  OpenStep open(const TableReader& t) {
    OpenStep out;
    out.name = name(t);
    out.access = mask(t, "access", platform::MaskKind::access, true);
    out.style = t.string("style", false, 64);
    if (out.style && !platform::find_open_style(*out.style)) {
      t.problem(t.pos("style"), "key 'style': unknown open style '" + out.style->substr(0, 64) + "' (one of " +
                                    platform::open_style_names() + ")");
    }
    if (out.style && out.access) t.problem(t.pos("access"), "key 'access' and key 'style' exclude each other: a style has its own access");
    out.slot = slot(t);
    return out;
  }

  MapStep map(const TableReader& t) {
    MapStep out;
    out.access = mask(t, "access", platform::MaskKind::access, true);
    out.offset = unsigned_key(t, "offset", 0, kMaxSize);
    out.size = unsigned_key(t, "size", 0, kMaxSize);
    out.slot = slot(t);
    return out;
  }

  std::optional<std::string> encoding(const TableReader& t, bool with_auto) {
    static constexpr std::array<std::string_view, 2> kWrite{"utf8", "utf16"};
    static constexpr std::array<std::string_view, 3> kRead{"auto", "utf8", "utf16"};
    return with_auto ? t.choice("encoding", false, kRead) : t.choice("encoding", false, kWrite);
  }

  WriteStep write(const TableReader& t) {
    WriteStep out;
    out.text = t.string("text", true, 65536).value_or("");
    out.offset = unsigned_key(t, "offset", 0, kMaxSize);
    out.encoding = encoding(t, false);
    out.slot = slot(t);
    return out;
  }

  ReadStep read(const TableReader& t) {
    ReadStep out;
    out.expect_text = t.string("expect_text", false, 65536);
    out.offset = unsigned_key(t, "offset", 0, kMaxSize);
    out.length = unsigned_key(t, "length", 0, 1 << 20);
    out.encoding = encoding(t, true);
    out.slot = slot(t);
    return out;
  }

  RaceStep race(const TableReader& t) {
    RaceStep out;
    if (auto roles = t.strings("roles", 64, 64)) {
      std::set<std::string> seen;
      for (const auto& role : *roles) {
        declared(t, "roles", role);
        if (!seen.insert(role).second) t.problem(t.pos("roles"), "key 'roles': role '" + role + "' races twice");
      }
      if (roles->size() < 2) t.problem(t.pos("roles"), "key 'roles': a race needs 2 .. 64 roles");
      out.roles = *roles;
    }
    if (auto racers = t.integer("racers", false, 2, 64)) out.racers = static_cast<std::uint32_t>(*racers);
    if (t.node("roles") && t.node("racers")) t.problem(t.pos("racers"), "keys 'roles' and 'racers' exclude each other");
    if (!t.node("roles") && !t.node("racers")) t.problem_at_table("a race step needs key 'racers' (a count) or key 'roles' (declared roles)");
    out.trials = unsigned_key(t, "trials", 1, 100000).value_or(100);
    out.size = unsigned_key(t, "size", 1, kMaxSize).value_or(4096);
    if (auto name = t.string("name", false, 128)) {
      if (const auto problem = unique_name_problem(*name); !problem.empty()) t.problem(t.pos("name"), "key 'name': '" + name->substr(0, 64) + "' " + problem);
      out.name = *name;
    }
    const std::uint32_t count = out.racers ? *out.racers : static_cast<std::uint32_t>(out.roles.size());
    std::uint64_t sum = 0;
    int given = 0;
    for (auto [key, slot] : {std::pair{"created", &out.created}, std::pair{"existed", &out.existed}, std::pair{"other", &out.other}}) {
      if (auto n = t.integer(key, false, 0, 64)) {
        *slot = static_cast<std::uint32_t>(*n);
        sum += **slot;
        ++given;
      }
    }
    if (count >= 2 && (sum > count || (given == 3 && sum != count))) {
      t.problem_at_table("the race's counts (created, existed, other) add up to " + std::to_string(sum) + ", not its " +
                         std::to_string(count) + " racers");
    }
    return out;
  }

  // One code: "success", "any", a symbol of `platform` ("windows", "posix", "" for both), a number.
  std::optional<ExpectedCode> code(const TableReader& t, const toml::node& node, const std::string& key, std::string_view platform) {
    if (const auto* number = node.as_integer()) {
      if (number->get() < 0 || number->get() > 0xFFFFFFFFLL) {
        t.problem(pos_of(node.source()), "key '" + key + "': code " + std::to_string(number->get()) + " is out of range (0 .. 4294967295)");
        return std::nullopt;
      }
      return ExpectedCode{"", number->get()};
    }
    const auto* text = node.as_string();
    if (text == nullptr) {
      t.problem(pos_of(node.source()), "key '" + key + "' must be a code symbol, \"success\", \"any\" or a number, not " + type_name(node));
      return std::nullopt;
    }
    const std::string& symbol = text->get();
    if (symbol == "success" || symbol == "any") return ExpectedCode{symbol, std::nullopt};
    const bool windows = platform::windows_error_code(symbol).has_value();
    const bool posix = platform::posix_error_code(symbol).has_value();
    std::string_view applies = platform;
    if (applies.empty() && platforms_.size() == 1) applies = platforms_[0];
    if (applies == "windows" && windows) return ExpectedCode{symbol, std::nullopt};
    if (applies == "posix" && posix) return ExpectedCode{symbol, std::nullopt};
    std::string message = "key '" + key + "': ";
    if (windows || posix) {
      const char* own = windows ? "Windows" : "POSIX";
      if (applies.empty()) {
        message += "'" + symbol + "' is a " + own + " code; write expect = { windows = \"...\", posix = \"...\" }, or " +
                   "platforms = [\"" + (windows ? "windows" : "posix") + "\"] for a scenario of one platform";
      } else {
        message += "'" + symbol + "' is a " + own + " code, not a " + (applies == "windows" ? "Windows" : "POSIX") + " one";
      }
    } else {
      std::vector<std::string_view> known{"success", "any"};
      const auto table = applies == "posix" ? platform::posix_error_symbols() : platform::windows_error_symbols();
      for (const auto& entry : table) known.push_back(entry.symbol);
      if (applies.empty()) {
        for (const auto& entry : platform::posix_error_symbols()) known.push_back(entry.symbol);
      }
      const auto suggestion = nearest(symbol, known);
      message += "unknown code symbol '" + symbol.substr(0, 64) + "'" +
                 (suggestion.empty() ? "; write the code as a number if it has no symbol here"
                                     : "; did you mean '" + std::string(suggestion) + "'?");
    }
    t.problem(pos_of(node.source()), message);
    return std::nullopt;
  }

  std::optional<Expectation> expectation(const TableReader& t, const toml::node& node, const std::string& key) {
    Expectation out;
    if (const auto* table = node.as_table()) {
      const TableReader inner(*table, "key '" + key + "'", path_, problems_);
      inner.only_keys(kPlatforms);
      if (table->empty()) t.problem(pos_of(node.source()), "key '" + key + "' is empty: name windows, posix or both");
      if (const auto* w = table->get("windows")) out.windows = code(t, *w, key + ".windows", "windows");
      if (const auto* p = table->get("posix")) out.posix = code(t, *p, key + ".posix", "posix");
      return out;
    }
    out.both = code(t, node, key, "");
    return out;
  }

  std::optional<SkipWhen> skip_when(const TableReader& t, const toml::node& node) {
    const auto* table = node.as_table();
    if (table == nullptr) {
      t.problem(pos_of(node.source()), "key 'skip_when' must be a table: { result = \"success\", reason = \"...\" }");
      return std::nullopt;
    }
    static constexpr std::array<std::string_view, 2> kKeys{"result", "reason"};
    const TableReader inner(*table, "key 'skip_when'", path_, problems_);
    inner.only_keys(kKeys);
    SkipWhen out;
    if (const auto* result = table->get("result")) {
      if (auto e = expectation(t, *result, "skip_when.result")) out.result = *e;
    } else {
      t.problem(pos_of(node.source()), "key 'skip_when' needs key 'result'");
    }
    auto reason = inner.string("reason", true, 1024);
    if (reason && reason->empty()) t.problem(inner.pos("reason"), "key 'skip_when.reason' is empty: say why a skip is honest here");
    out.reason = reason.value_or("");
    return out;
  }

  const std::string& path_;
  std::vector<Problem>& problems_;
  const std::vector<std::string>& reserved_;
  std::vector<std::string> platforms_;
  std::vector<std::string> roles_;
};

}  // namespace

std::string Problem::text() const {
  if (pos.line == 0) return path + ": " + message;
  return path + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + message;
}

std::vector<std::string_view> step_kinds() { return {kKinds.begin(), kKinds.end()}; }
std::vector<std::string_view> identities() { return {kIdentities.begin(), kIdentities.end()}; }

std::vector<std::string_view> step_keys(std::string_view kind) {
  for (const auto& spec : kind_keys()) {
    if (spec.kind != kind) continue;
    std::vector<std::string_view> keys{"do"};
    if (spec.checked) keys.insert(keys.end(), {"role", "expect", "skip_when"});
    else if (kind != "race") keys.push_back("role");
    keys.insert(keys.end(), spec.keys.begin(), spec.keys.end());
    return keys;
  }
  return {};
}

Parsed parse_text(std::string_view text, const std::string& path, const std::vector<std::string>& reserved_areas) {
  Parsed out;
  out.file.path = path;
  if (text.size() > kMaxFileBytes) {
    out.problems.push_back({path, {}, "the file is larger than 1 MiB (" + std::to_string(text.size()) +
                                          " bytes or more); a scenario file is a few kilobytes"});
    return out;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    out.problems.push_back({path, {}, "the file is empty: it needs at least one [[scenario]] (docs/scenario-files.md)"});
    return out;
  }
  if (const auto bad = first_invalid_utf8(text)) {
    out.problems.push_back({path, pos_at(text, *bad), "the file is not UTF-8 (byte 0x" +
                                                          [&] {
                                                            static const char* hex = "0123456789ABCDEF";
                                                            const auto b = static_cast<unsigned char>(text[*bad]);
                                                            return std::string{hex[b >> 4], hex[b & 15]};
                                                          }() + " at offset " + std::to_string(*bad) + ")"});
    return out;
  }
  if (const auto unsafe = first_unsafe_toml(text)) {
    out.problems.push_back({path, pos_at(text, unsafe->offset), std::string("TOML: ") + unsafe->problem});
    return out;
  }
  auto parsed = toml::parse(text, path);
  if (!parsed) {
    const auto& error = parsed.error();
    out.problems.push_back({path, pos_of(error.source()), "TOML: " + std::string(error.description())});
    return out;
  }
  FileParser(path, out.problems, reserved_areas).file(parsed.table(), out.file);
  if (out.problems.size() > kMaxProblems) out.problems.resize(kMaxProblems);
  return out;
}

Parsed parse_file(const std::string& path, const std::vector<std::string>& reserved_areas) {
  std::ifstream in(report::path_from_utf8(path), std::ios::binary);
  if (!in) {
    Parsed out;
    out.problems.push_back({path, {}, "cannot read the file (missing, or not readable)"});
    return out;
  }
  std::string text(kMaxFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return parse_text(text, path, reserved_areas);
}

}  // namespace shmh::scenario_file
