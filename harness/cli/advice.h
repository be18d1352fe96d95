// One table of per-error advice, used by `first`/`second` (one line after a failed call) and by
// `diagnose` (its advice list): the same code gets the same words everywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shmh {

// What the advice may depend on besides the code.
struct AdviceContext {
  std::string name;                         // the object name the call was about
  bool windows = true;                      // the backend: Windows sections vs POSIX objects
  std::optional<std::uint32_t> session_id;  // the caller's session (Windows), when known
};

struct Advice {
  std::string meaning;  // what the code says about this name
  std::string remedy;   // what to do
};

// The table's entry for an error symbol ("ERROR_FILE_NOT_FOUND", "ENOENT", ...), or nothing.
std::optional<Advice> advice_for(std::string_view symbol, const AdviceContext& context);
// "meaning: remedy" on one line, or "" when the table has nothing for the symbol.
std::string advice_line(std::string_view symbol, const AdviceContext& context);

}  // namespace shmh
