// What a program file's first bytes say about tracing it on Windows: the tracer reads the x64
// calling convention's registers, so only a PE32+ image for x64 (IMAGE_FILE_MACHINE_AMD64) that
// is not a DLL can be traced. Pure, so recorded headers test it on any platform.
//
// The layout (Microsoft Learn, "PE Format"): "MZ" at 0; the file offset of the PE signature at
// 0x3C (e_lfanew, 4 bytes little-endian); "PE\0\0" there; then the COFF file header: Machine (2),
// NumberOfSections (2), TimeDateStamp (4), PointerToSymbolTable (4), NumberOfSymbols (4),
// SizeOfOptionalHeader (2), Characteristics (2); then the optional header, whose Magic is 0x20B
// for PE32+ and 0x10B for PE32.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace shmh::platform {

// How many bytes of the file pe_trace_problem needs at most (an e_lfanew past it is "damaged").
inline constexpr std::size_t kPeHeadBytes = 4096;

// Nothing when `head` (the file's first bytes) starts an x64 program image; otherwise why not,
// as the end of a sentence about the file: "is not a Windows program (no MZ header)",
// "is a 32-bit (x86) program: ...".
std::optional<std::string> pe_trace_problem(std::string_view head);

}  // namespace shmh::platform
