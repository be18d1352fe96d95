// Glob matching for scenario selection ("create-open/*", "*race*", "lifetime/?lose*").
#pragma once

#include <string_view>

namespace shmh {

// '*' matches any run of characters (including '/'), '?' any one character.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace shmh
