// pe_trace_problem on headers built byte by byte as the PE format lays them out: what `trace`
// refuses on Windows before it starts anything.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "harness/platform/pe_header.h"

namespace shmh::platform {
namespace {

void pe_put16(std::string& bytes, std::size_t at, std::uint32_t value) {
  bytes[at] = static_cast<char>(value & 0xFF);
  bytes[at + 1] = static_cast<char>((value >> 8) & 0xFF);
}

// An image header: "MZ", e_lfanew = 0x80, "PE\0\0", the machine, the characteristics, the magic.
std::string pe_image_bytes(std::uint32_t machine, std::uint32_t magic, std::uint32_t characteristics = 0x0022) {
  std::string bytes(0x200, '\0');
  bytes[0] = 'M';
  bytes[1] = 'Z';
  pe_put16(bytes, 0x3C, 0x80);
  bytes.replace(0x80, 4, std::string("PE\0\0", 4));
  pe_put16(bytes, 0x84, machine);
  pe_put16(bytes, 0x84 + 18, characteristics);
  pe_put16(bytes, 0x84 + 20, magic);
  return bytes;
}

TEST(PeHeader, AnX64ProgramIsTraceable) {
  EXPECT_EQ(pe_trace_problem(pe_image_bytes(0x8664, 0x20B)), std::nullopt);
}

TEST(PeHeader, TextIsNotAPeFile) {
  const auto problem = pe_trace_problem("#!/bin/sh\necho this is a script, not a program\n" + std::string(100, ' '));
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("not a PE file"), std::string::npos) << *problem;
  EXPECT_NE(pe_trace_problem(""), std::nullopt);
  EXPECT_NE(pe_trace_problem("MZ"), std::nullopt);
}

TEST(PeHeader, A32BitProgramIsRefusedWithTheReason) {
  const auto problem = pe_trace_problem(pe_image_bytes(0x014C, 0x10B));
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("32-bit (x86)"), std::string::npos) << *problem;
  EXPECT_NE(problem->find("build it for x64"), std::string::npos) << *problem;
}

TEST(PeHeader, OtherMachinesAndPe32AreRefused) {
  EXPECT_NE(pe_trace_problem(pe_image_bytes(0xAA64, 0x20B)).value_or("").find("ARM64"), std::string::npos);
  EXPECT_NE(pe_trace_problem(pe_image_bytes(0x1234, 0x20B)).value_or("").find("0x1234"), std::string::npos);
  // An AMD64 machine field with a PE32 optional header is no image the loader runs as x64.
  EXPECT_NE(pe_trace_problem(pe_image_bytes(0x8664, 0x10B)), std::nullopt);
}

TEST(PeHeader, ADllIsNotAProgram) {
  EXPECT_NE(pe_trace_problem(pe_image_bytes(0x8664, 0x20B, 0x2022)).value_or("").find("DLL"), std::string::npos);
}

TEST(PeHeader, ADosStubWithoutPeSignatureOrWithAFarHeaderIsRefused) {
  std::string dos = pe_image_bytes(0x8664, 0x20B);
  dos[0x80] = 'X';
  EXPECT_NE(pe_trace_problem(dos).value_or("").find("no PE signature"), std::string::npos);
  std::string far = pe_image_bytes(0x8664, 0x20B);
  pe_put16(far, 0x3C, 0x1F0);  // 0x1F0 + 26 bytes runs past the 0x200 read
  EXPECT_NE(pe_trace_problem(far).value_or("").find("past its first 512 bytes"), std::string::npos);
  std::string huge = pe_image_bytes(0x8664, 0x20B);
  huge[0x3F] = '\x7F';  // e_lfanew near 2 GiB: no overflow, just refused
  EXPECT_NE(pe_trace_problem(huge), std::nullopt);
}

}  // namespace
}  // namespace shmh::platform
