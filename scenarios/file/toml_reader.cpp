// Checked reads of TOML tables, UTF-8 validation and key suggestions for the scenario-file parser.
#include "scenarios/file/toml_reader.h"

#include <algorithm>

namespace shmh::scenario_file {

SourcePos pos_of(const toml::source_region& region) {
  return {static_cast<std::uint32_t>(region.begin.line), static_cast<std::uint32_t>(region.begin.column)};
}

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::nullopt;
}

std::optional<UnsafeToml> first_unsafe_toml(std::string_view text) {
  const auto bare = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  };
  constexpr std::string_view kTripleQuote = "\"\"\"";
  constexpr std::string_view kTripleApostrophe = "'''";
  std::size_t i = 0;
  const std::size_t n = text.size();
  int depth = 0;           // open [ and { of a value
  bool line_start = true;  // only spaces and tabs so far on this line
  while (i < n) {
    const char c = text[i];
    if (c == '\n') {
      line_start = true;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '#') {  // a comment, to the end of the line
      while (i < n && text[i] != '\n') ++i;
      continue;
    }
    if (c == '"' || c == '\'') {
      const std::string_view triple = c == '"' ? kTripleQuote : kTripleApostrophe;
      const bool multi = text.substr(i, 3) == triple;
      const std::string_view close = multi ? triple : text.substr(i, 1);
      i += close.size();
      while (i < n) {
        if (c == '"' && text[i] == '\\') {
          i += 2;
          continue;
        }
        if (!multi && text[i] == '\n') break;  // unterminated: toml++ reports it
        if (text.substr(i, close.size()) == close) {
          i += close.size();
          break;
        }
        ++i;
      }
      line_start = false;
      continue;
    }
    if (c == '[' && line_start && depth == 0) {  // a table header: check its first key character
      std::size_t k = i + 1;
      if (k < n && text[k] == '[') ++k;
      while (k < n && (text[k] == ' ' || text[k] == '\t')) ++k;
      if (k >= n || !(bare(text[k]) || text[k] == '"' || text[k] == '\'')) {
        return UnsafeToml{k, "a table header needs a key here: a letter, digit, '_', '-' or a quote"};
      }
      // The rest of the header: a character outside ASCII only inside a quoted key.
      char quote = 0;
      for (; i < n && text[i] != '\n' && (quote || text[i] != '#'); ++i) {
        if (quote == 0 && (text[i] == '"' || text[i] == '\'')) quote = text[i];
        else if (quote != 0 && text[i] == quote) quote = 0;
        else if (quote == 0 && static_cast<unsigned char>(text[i]) >= 0x80) {
          return UnsafeToml{i, "a character outside ASCII may stand only inside a string or a comment (quote the key)"};
        }
      }
      line_start = false;
      continue;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      return UnsafeToml{i, "a character outside ASCII may stand only inside a string or a comment (quote the key)"};
    }
    if (c == '[' || c == '{') ++depth;
    if ((c == ']' || c == '}') && depth > 0) --depth;
    line_start = false;
    ++i;
  }
  return std::nullopt;
}

SourcePos pos_at(std::string_view text, std::size_t offset) {
  SourcePos pos{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++pos.column;
    }
  }
  return pos;
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string quoted_list(std::span<const std::string_view> items) {
  std::string text;
  for (auto item : items) text += (text.empty() ? "" : ", ") + std::string(item);
  return text;
}

}  // namespace

std::string_view nearest(std::string_view word, std::span<const std::string_view> candidates) {
  if (word.size() > 64) return {};
  std::string_view best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (auto candidate : candidates) {
    const auto d = edit_distance(word, candidate);
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  return best;
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

void TableReader::problem(SourcePos pos, std::string message) const {
  problems_.push_back(Problem{path_, pos, std::move(message)});
}

SourcePos TableReader::pos(std::string_view key) const {
  const auto* value = table_.get(key);
  return value ? pos_of(value->source()) : pos_of(table_.source());
}

void TableReader::only_keys(std::span<const std::string_view> allowed) const {
  for (auto&& [key, value] : table_) {
    const std::string_view name = key.str();
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    const auto suggestion = nearest(name, allowed);
    std::string message = "unknown key '" + std::string(name.substr(0, 64)) + "' in " + what_;
    message += suggestion.empty() ? " (allowed: " + quoted_list(allowed) + ")" : "; did you mean '" + std::string(suggestion) + "'?";
    problem(pos_of(key.source()), std::move(message));
  }
}

std::optional<std::string> TableReader::string(std::string_view key, bool required, std::size_t max_bytes) const {
  const auto* value = table_.get(key);
  if (value == nullptr) {
    if (required) problem_at_table(what_ + " needs key '" + std::string(key) + "' (a string)");
    return std::nullopt;
  }
  const auto* text = value->as_string();
  if (text == nullptr) {
    problem(pos_of(value->source()), "key '" + std::string(key) + "' must be a string, not " + type_name(*value));
    return std::nullopt;
  }
  if (text->get().size() > max_bytes) {
    problem(pos_of(value->source()), "key '" + std::string(key) + "' is " + std::to_string(text->get().size()) +
                                         " bytes long; at most " + std::to_string(max_bytes));
    return std::nullopt;
  }
  return text->get();
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, bool required, std::int64_t min, std::int64_t max) const {
  const auto* value = table_.get(key);
  if (value == nullptr) {
    if (required) problem_at_table(what_ + " needs key '" + std::string(key) + "' (an integer)");
    return std::nullopt;
  }
  const auto* number = value->as_integer();
  if (number == nullptr) {
    problem(pos_of(value->source()), "key '" + std::string(key) + "' must be an integer, not " + type_name(*value));
    return std::nullopt;
  }
  const std::int64_t n = number->get();
  if (n < min || n > max) {
    problem(pos_of(value->source()), "key '" + std::string(key) + "': " + std::to_string(n) + " is out of range (" +
                                         std::to_string(min) + " .. " + std::to_string(max) + ")");
    return std::nullopt;
  }
  return n;
}

std::optional<bool> TableReader::boolean(std::string_view key) const {
  const auto* value = table_.get(key);
  if (value == nullptr) return std::nullopt;
  const auto* flag = value->as_boolean();
  if (flag == nullptr) {
    problem(pos_of(value->source()), "key '" + std::string(key) + "' must be true or false, not " + type_name(*value));
    return std::nullopt;
  }
  return flag->get();
}

std::optional<std::vector<std::string>> TableReader::strings(std::string_view key, std::size_t max_items,
                                                             std::size_t max_bytes) const {
  const auto* value = table_.get(key);
  if (value == nullptr) return std::nullopt;
  const auto* array = value->as_array();
  if (array == nullptr) {
    problem(pos_of(value->source()), "key '" + std::string(key) + "' must be an array of strings, not " + type_name(*value));
    return std::nullopt;
  }
  if (array->size() > max_items) {
    problem(pos_of(value->source()), "key '" + std::string(key) + "' has " + std::to_string(array->size()) +
                                         " items; at most " + std::to_string(max_items));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *array) {
    const auto* text = item.as_string();
    if (text == nullptr || text->get().size() > max_bytes || text->get().empty()) {
      problem(pos_of(item.source()), "key '" + std::string(key) + "': every item must be a string of 1 .. " +
                                         std::to_string(max_bytes) + " bytes, not " +
                                         (text ? "one of " + std::to_string(text->get().size()) : type_name(item)));
      return std::nullopt;
    }
    out.push_back(text->get());
  }
  return out;
}

std::optional<std::string> TableReader::choice(std::string_view key, bool required,
                                               std::span<const std::string_view> choices) const {
  auto text = string(key, required, 256);
  if (!text) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *text) != choices.end()) return text;
  const auto suggestion = nearest(*text, choices);
  problem(pos(key), "key '" + std::string(key) + "': unknown value '" + text->substr(0, 64) + "'" +
                        (suggestion.empty() ? " (one of " + quoted_list(choices) + ")"
                                            : "; did you mean '" + std::string(suggestion) + "'?"));
  return std::nullopt;
}

}  // namespace shmh::scenario_file
