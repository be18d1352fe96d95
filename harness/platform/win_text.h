// UTF-8 <-> UTF-16 conversion for the Windows backend (the W functions take UTF-16).
#pragma once

#include <string>
#include <string_view>

namespace shmh::platform {

std::wstring to_utf16(std::string_view utf8);
std::string to_utf8(std::wstring_view utf16);

}  // namespace shmh::platform
