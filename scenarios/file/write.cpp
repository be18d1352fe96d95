// Scenario files: the model back to TOML text (write.h). Hand-written because the order of the
// keys and the comments are the point: toml++'s formatter sorts keys and keeps no comments.
#include "scenarios/file/write.h"

#include <cstdint>
#include <cstdio>
#include <sstream>
#include <type_traits>

namespace shmh::scenario_file {
namespace {

// The length of the UTF-8 sequence at `i`, or 0 when the bytes there are not UTF-8.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return 1;
  std::size_t n = 0;
  std::uint32_t cp = 0;
  if ((b & 0xE0) == 0xC0) n = 2, cp = b & 0x1F;
  else if ((b & 0xF0) == 0xE0) n = 3, cp = b & 0x0F;
  else if ((b & 0xF8) == 0xF0) n = 4, cp = b & 0x07;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  const std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool literal_fits(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == '\'' || (b < 0x20 && b != '\t') || b == 0x7F) return false;
    const auto n = utf8_sequence(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string basic_string(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const auto n = utf8_sequence(s, i);
    if (n == 0) {
      out += "\\uFFFD";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    switch (b) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        if (b < 0x20 || b == 0x7F) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04X", unsigned(b));
          out += buffer;
        } else {
          out += char(b);
        }
    }
    ++i;
  }
  return out + "\"";
}

std::string code_text(const ExpectedCode& code) {
  return code.number ? std::to_string(*code.number) : toml_string(code.symbol);
}

std::string expectation_text(const Expectation& e) {
  if (e.both && !e.windows && !e.posix) return code_text(*e.both);
  std::string out = "{ ";
  bool first = true;
  auto add = [&](const char* key, const std::optional<ExpectedCode>& code) {
    if (!code) return;
    out += std::string(first ? "" : ", ") + key + " = " + code_text(*code);
    first = false;
  };
  // `both` beside a platform's own is not a form of the file: it stands for the platform not named.
  add("windows", e.windows ? e.windows : e.both);
  add("posix", e.posix ? e.posix : e.both);
  return out + " }";
}

std::string string_array(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + toml_string(values[i]);
  return out + "]";
}

class Out {
 public:
  void line(const std::string& text) { text_ += text + "\n"; }
  void key(const char* k, const std::string& value) { line(std::string(k) + " = " + value); }
  void str(const char* k, const std::string& value) { key(k, toml_string(value)); }
  void str(const char* k, const std::optional<std::string>& value) {
    if (value) str(k, *value);
  }
  template <class N>
  void num(const char* k, const std::optional<N>& value) {
    if (value) key(k, std::to_string(*value));
  }
  void flag(const char* k, const std::optional<bool>& value) {
    if (value) key(k, *value ? "true" : "false");
  }
  void name(const ObjectName& n) {
    str("name", n.name);
    if (n.exact_name) key("exact_name", "true");
  }
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

const char* kind_of(const StepAction& action) {
  static constexpr const char* kinds[] = {"create", "open", "map", "write", "read", "close", "unmap",
                                          "exit", "crash", "hold", "race"};
  static_assert(std::variant_size_v<StepAction> == std::size(kinds));
  return kinds[action.index()];
}

void write_action(Out& out, const StepAction& action) {
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, CreateStep>) {
          out.name(a.name);
          out.key("size", std::to_string(a.size));
          out.str("protection", a.protection);
          out.str("sddl", a.sddl);
          if (a.mode) {
            char buffer[16];
            std::snprintf(buffer, sizeof buffer, "0o%o", unsigned(*a.mode));
            out.key("mode", buffer);
          }
          out.flag("or_open", a.or_open);
          out.flag("ansi", a.ansi);
          out.str("slot", a.slot);
        } else if constexpr (std::is_same_v<T, OpenStep>) {
          out.name(a.name);
          out.str("access", a.access);
          out.str("style", a.style);
          out.str("slot", a.slot);
        } else if constexpr (std::is_same_v<T, MapStep>) {
          out.str("access", a.access);
          out.num("offset", a.offset);
          out.num("size", a.size);
          out.str("slot", a.slot);
        } else if constexpr (std::is_same_v<T, WriteStep>) {
          out.str("text", a.text);
          out.num("offset", a.offset);
          out.str("encoding", a.encoding);
          out.str("slot", a.slot);
        } else if constexpr (std::is_same_v<T, ReadStep>) {
          out.num("offset", a.offset);
          out.num("length", a.length);
          out.str("encoding", a.encoding);
          out.str("slot", a.slot);
          out.str("expect_text", a.expect_text);
        } else if constexpr (std::is_same_v<T, CloseStep> || std::is_same_v<T, UnmapStep>) {
          out.str("slot", a.slot);
        } else if constexpr (std::is_same_v<T, CrashStep>) {
          out.str("mid_write", a.mid_write);
        } else if constexpr (std::is_same_v<T, HoldStep>) {
          out.key("ms", std::to_string(a.ms));
        } else if constexpr (std::is_same_v<T, RaceStep>) {
          if (!a.roles.empty()) out.key("roles", string_array(a.roles));
          out.num("racers", a.racers);
          out.key("trials", std::to_string(a.trials));
          out.key("size", std::to_string(a.size));
          out.str("name", a.name);
          out.num("created", a.created);
          out.num("existed", a.existed);
          out.num("other", a.other);
        }
      },
      action);
}

}  // namespace

std::string toml_string(std::string_view text) {
  return literal_fits(text) ? "'" + std::string(text) + "'" : basic_string(text);
}

std::string write_text(const ScenarioFile& file, const Comments& comments, std::string_view schema) {
  Out out;
  out.line("#:schema " + std::string(schema));
  for (const auto& h : comments.header) out.line(h.empty() ? "#" : "# " + h);
  out.key("version", "1");
  for (std::size_t s = 0; s < file.scenarios.size(); ++s) {
    const auto& sc = file.scenarios[s];
    out.line("");
    out.line("[[scenario]]");
    out.str("id", sc.id);
    out.str("description", sc.description);
    if (!sc.labels.empty()) out.key("labels", string_array(sc.labels));
    if (!sc.platforms.empty()) out.key("platforms", string_array(sc.platforms));
    out.num("timeout_ms", sc.timeout_ms);
    for (const auto& role : sc.roles) {
      out.line("");
      out.line("[[scenario.role]]");
      out.str("name", role.name);
      if (role.identity != "normal") out.str("identity", role.identity);
      out.num("uid", role.uid);
      out.num("gid", role.gid);
    }
    for (std::size_t i = 0; i < sc.steps.size(); ++i) {
      const auto& step = sc.steps[i];
      out.line("");
      if (auto c = comments.steps.find({s, i}); c != comments.steps.end()) out.line("# " + c->second);
      out.line("[[scenario.step]]");
      out.str("do", std::string(kind_of(step.action)));
      if (!step.role.empty()) out.str("role", step.role);
      write_action(out, step.action);
      if (step.expect) out.key("expect", expectation_text(*step.expect));
      if (step.skip_when) {
        out.key("skip_when", "{ result = " + expectation_text(step.skip_when->result) +
                                 ", reason = " + toml_string(step.skip_when->reason) + " }");
      }
    }
  }
  return out.take();
}

std::string saved_id(std::string_view area, std::string_view id) {
  auto clean = [](std::string_view text, bool slashes) {
    std::string out;
    for (char c : text) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                      (slashes && c == '/');
      out += ok ? c : (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : '-';
    }
    return out;
  };
  std::string out = clean(area, false);
  if (out.empty()) out = "saved";
  std::string rest;
  for (char c : clean(id, true)) {
    if (c == '/' && (rest.empty() || rest.back() == '/')) continue;  // no empty segments
    rest += c;
  }
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.empty()) rest = "scenario";
  out += "/" + rest;
  if (out.size() > 128) out.resize(128);
  while (out.back() == '/') out.pop_back();
  return out;
}

std::string unique_name_from(std::string_view object_name) {
  std::string prefix;
  for (std::string_view p : {"Global\\", "Local\\"}) {
    if (object_name.starts_with(p)) {
      prefix = p;
      object_name.remove_prefix(p.size());
      break;
    }
  }
  while (object_name.starts_with('/')) object_name.remove_prefix(1);
  std::string tail;
  for (char c : object_name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    tail += ok ? c : '-';
  }
  if (tail.empty()) tail = "object";
  if (tail.size() > 64) tail.resize(64);
  return prefix + tail;
}

}  // namespace shmh::scenario_file
