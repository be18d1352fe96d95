// UTF-8 <-> std::filesystem::path through std::u8string, so the ANSI code page never takes part.
#include "reports/utf8_path.h"

namespace shmh::report {

std::filesystem::path path_from_utf8(std::string_view utf8) {
  return std::filesystem::path(std::u8string(utf8.begin(), utf8.end()));
}

std::string path_to_utf8(const std::filesystem::path& path) {
  const std::u8string text = path.u8string();
  return std::string(text.begin(), text.end());
}

std::string display_path(std::filesystem::path path) { return path_to_utf8(path.make_preferred()); }

}  // namespace shmh::report
