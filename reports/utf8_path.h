// File paths from and to UTF-8 text, correct on every platform. Our strings are UTF-8 (the
// command line arrives so), but a path built from a narrow string, and a narrow file-stream name,
// is read in the ANSI code page on Windows: "José" or "王" in a --report-dir would be garbled or
// could not be opened. Build every path with path_from_utf8 and open files through the path.
// (No <activeCodePage>UTF-8</activeCodePage> manifest: it would also turn the ANSI functions the
// scenarios exercise, CreateFileMappingA and the sample's ANSI build, into UTF-8 ones on Windows
// 10 1903+, so the harness would no longer see what users' ANSI programs see.)
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace shmh::report {

// The path named by UTF-8 text (through char8_t, which every platform reads as UTF-8).
std::filesystem::path path_from_utf8(std::string_view utf8);
// The path as UTF-8 text, as it was given (separators unchanged): for files, JSON and arguments.
std::string path_to_utf8(const std::filesystem::path& path);
// The path as UTF-8 text for people, with this platform's one separator ("C:\ci\out\report.json"
// on Windows, never "C:/ci/out\report.json").
std::string display_path(std::filesystem::path path);

}  // namespace shmh::report
