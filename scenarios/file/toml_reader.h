// Checked reads of a TOML table for the scenario-file parser: each getter reports a missing key, a
// wrong type or a value out of range at the value's own line and column, naming the key.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "scenarios/file/parse.h"

namespace shmh::scenario_file {

SourcePos pos_of(const toml::source_region& region);

// Where a UTF-8 check of `text` failed (byte offset), or nothing when it is valid UTF-8.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);
// toml++ 3.3 and 3.4 reach an assertion or TOML_UNREACHABLE (undefined behaviour with NDEBUG) on
// inputs that are not TOML: a table header whose key starts with neither a bare-key character nor a
// quote ("[&", "[[[", "[[="; upstream issue marzer/tomlplusplus#294, fixed by pull request #301),
// and some non-ASCII characters outside strings (U+048D in a header, found by our fuzz target).
// Both are refused before toml++ sees them: the first such place, found by a small scan that skips
// strings, comments and array values, and what is wrong there; or nothing.
struct UnsafeToml {
  std::size_t offset;
  const char* problem;
};
std::optional<UnsafeToml> first_unsafe_toml(std::string_view text);
// The 1-based line and column of byte `offset` (columns count code points).
SourcePos pos_at(std::string_view text, std::size_t offset);
// The candidate nearest to `word` (edit distance at most 2 or a third of its length), or "".
std::string_view nearest(std::string_view word, std::span<const std::string_view> candidates);

class TableReader {
 public:
  // `what`: how messages name the table ("a create step", "scenario 'orders/x'", "the file").
  TableReader(const toml::table& table, std::string what, const std::string& path, std::vector<Problem>& problems)
      : table_(table), what_(std::move(what)), path_(path), problems_(problems) {}

  const toml::table& table() const { return table_; }
  const std::string& what() const { return what_; }
  void problem(SourcePos pos, std::string message) const;
  void problem_at_table(std::string message) const { problem(pos_of(table_.source()), std::move(message)); }

  // Every key of the table must be one of `allowed`; each other key is a problem at the key.
  void only_keys(std::span<const std::string_view> allowed) const;

  const toml::node* node(std::string_view key) const { return table_.get(key); }
  SourcePos pos(std::string_view key) const;  // the value's position, or the table's

  std::optional<std::string> string(std::string_view key, bool required, std::size_t max_bytes = 4096) const;
  std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min, std::int64_t max) const;
  std::optional<bool> boolean(std::string_view key) const;
  // An array of strings, each at most `max_bytes`, at most `max_items` of them.
  std::optional<std::vector<std::string>> strings(std::string_view key, std::size_t max_items, std::size_t max_bytes = 128) const;
  // A string that must be one of `choices`.
  std::optional<std::string> choice(std::string_view key, bool required, std::span<const std::string_view> choices) const;

 private:
  const toml::table& table_;
  std::string what_;
  const std::string& path_;
  std::vector<Problem>& problems_;
};

// "integer", "string", "table", ... for a message.
std::string type_name(const toml::node& node);

}  // namespace shmh::scenario_file
