// The traced calls' decoding (call_decode.h): registers with garbage upper halves, sizes and
// offsets from their two halves, names, results and when the last error counts. Every platform.
#include <gtest/gtest.h>

#include "harness/platform/call_decode.h"

namespace shmh::platform {
namespace {

std::string argument(const TracedCall& call, const std::string& name) {
  for (const auto& arg : call.args) {
    if (arg.name == name) return arg.value;
  }
  return "<no " + name + ">";
}

RawCall raw_for(const char* api) {
  RawCall raw;
  raw.api = find_traced_api(api);
  EXPECT_NE(raw.api, nullptr) << api;
  return raw;
}

TEST(TraceDecode, EveryTracedExportIsKnown) {
  for (const char* name : {"CreateFileMappingA", "CreateFileMappingW", "CreateFileMapping2", "CreateFileMappingFromApp",
                           "CreateFileMappingNumaA", "CreateFileMappingNumaW", "OpenFileMappingA", "OpenFileMappingW",
                           "OpenFileMappingFromApp", "MapViewOfFile", "MapViewOfFileEx", "MapViewOfFile3",
                           "MapViewOfFileFromApp", "UnmapViewOfFile", "UnmapViewOfFileEx", "FlushViewOfFile",
                           "CloseHandle"}) {
    const TracedApi* api = find_traced_api(name);
    ASSERT_NE(api, nullptr) << name;
    EXPECT_EQ(api->name, name);
  }
  EXPECT_EQ(find_traced_api("VirtualAlloc"), nullptr);
  std::size_t count = 0;
  traced_apis(count);
  EXPECT_EQ(count, 17u);
}

TEST(TraceDecode, CreateMasksUpperHalvesAndJoinsTheSize) {
  RawCall raw = raw_for("CreateFileMappingW");
  raw.slots[0] = ~0ull;                    // INVALID_HANDLE_VALUE: the paging file
  raw.slots[1] = 0;
  raw.slots[2] = 0xdeadbeef08000004ull;    // PAGE_READWRITE|SEC_COMMIT, garbage above
  raw.slots[3] = 0x1234567800000001ull;    // dwMaximumSizeHigh 1
  raw.slots[4] = 0xabcdef0000001000ull;    // dwMaximumSizeLow 4096
  raw.slots[5] = 0x7ff000001000ull;
  raw.name = std::string("Local\\orders");
  raw.result = 0x1a4;
  raw.last_error = 183;
  raw.error_symbol = "ERROR_ALREADY_EXISTS";
  const TracedCall call = decode_call(raw);
  EXPECT_EQ(call.api, "CreateFileMappingW");
  EXPECT_EQ(argument(call, "hFile"), "INVALID_HANDLE_VALUE");
  EXPECT_EQ(argument(call, "lpFileMappingAttributes"), "NULL");
  EXPECT_EQ(argument(call, "flProtect"), "PAGE_READWRITE|SEC_COMMIT");
  EXPECT_EQ(argument(call, "dwMaximumSizeHigh"), "1");
  EXPECT_EQ(argument(call, "dwMaximumSizeLow"), "4096");
  EXPECT_EQ(argument(call, "lpName"), "\"Local\\\\orders\"");
  EXPECT_EQ(call.object_name, "Local\\orders");
  EXPECT_EQ(call.protection, 0x08000004u);
  EXPECT_EQ(call.size, 0x100001000ull);
  EXPECT_FALSE(call.access.has_value());
  EXPECT_EQ(call.result, "0x1a4");
  EXPECT_EQ(call.result_value, 0x1a4u);
  EXPECT_FALSE(call.failed);
  // A create keeps its last error on success: 183 says it opened an existing object.
  EXPECT_EQ(call.error, 183);
  EXPECT_EQ(call.error_symbol, "ERROR_ALREADY_EXISTS");
}

TEST(TraceDecode, AnsiCreateWithSecurityDescriptor) {
  RawCall raw = raw_for("CreateFileMappingA");
  raw.slots[1] = 0x5000;
  raw.slots[2] = 0x2;
  raw.sddl = "D:P(A;;GA;;;WD)";
  raw.result = 0;
  raw.last_error = 5;
  raw.error_symbol = "ERROR_ACCESS_DENIED";
  const TracedCall call = decode_call(raw);
  EXPECT_EQ(argument(call, "lpFileMappingAttributes"), "0x5000 SDDL D:P(A;;GA;;;WD)");
  EXPECT_EQ(argument(call, "flProtect"), "PAGE_READONLY");
  EXPECT_EQ(argument(call, "lpName"), "NULL");
  EXPECT_EQ(call.sddl, "D:P(A;;GA;;;WD)");
  EXPECT_TRUE(call.failed);
  EXPECT_EQ(call.result, "NULL");
  EXPECT_EQ(call.error, 5);
}

TEST(TraceDecode, MapViewOffsetFromTwoHalvesAndItsFailure) {
  RawCall raw = raw_for("MapViewOfFile");
  raw.slots[0] = 0x1a4;
  raw.slots[1] = 0xffffffff00000006ull;  // FILE_MAP_READ|FILE_MAP_WRITE
  raw.slots[2] = 0xffffffff00000002ull;  // dwFileOffsetHigh 2
  raw.slots[3] = 0x0000000100001000ull;  // dwFileOffsetLow 4096
  raw.slots[4] = 0x100000000ull;         // SIZE_T: all 64 bits count
  raw.result = 0;
  raw.last_error = 1132;
  raw.error_symbol = "ERROR_MAPPED_ALIGNMENT";
  const TracedCall call = decode_call(raw);
  EXPECT_EQ(argument(call, "hFileMappingObject"), "0x1a4");
  EXPECT_EQ(argument(call, "dwDesiredAccess"), "FILE_MAP_WRITE|FILE_MAP_READ");
  EXPECT_EQ(call.access, 6u);
  EXPECT_EQ(call.offset, 0x200001000ull);
  EXPECT_EQ(call.size, 0x100000000ull);
  EXPECT_EQ(call.handle, 0x1a4u);
  EXPECT_TRUE(call.failed);
  EXPECT_EQ(call.error, 1132);
  EXPECT_EQ(call.error_symbol, "ERROR_MAPPED_ALIGNMENT");
}

TEST(TraceDecode, SuccessfulOpenIgnoresAStaleLastError) {
  RawCall raw = raw_for("OpenFileMappingW");
  raw.slots[0] = 0x4;
  raw.slots[1] = 0;
  raw.name = std::string("x");
  raw.result = 0x2c;
  raw.last_error = 5;  // left over from an earlier call: an open that succeeds does not clear it
  const TracedCall call = decode_call(raw);
  EXPECT_FALSE(call.failed);
  EXPECT_EQ(call.error, 0);
  EXPECT_EQ(call.error_symbol, "");
  EXPECT_EQ(argument(call, "bInheritHandle"), "FALSE");
  EXPECT_EQ(argument(call, "dwDesiredAccess"), "FILE_MAP_READ");
  EXPECT_FALSE(last_error_meaningful(TracedApiKind::open, 0x2c));
  EXPECT_TRUE(last_error_meaningful(TracedApiKind::open, 0));
  EXPECT_TRUE(last_error_meaningful(TracedApiKind::create, 0x2c));
}

TEST(TraceDecode, BoolResultsLookAtTheLowHalfOnly) {
  RawCall raw = raw_for("UnmapViewOfFile");
  raw.slots[0] = 0x7ff600000000ull;
  raw.result = 0xffffffff00000000ull;  // EAX = FALSE
  raw.last_error = 487;
  raw.error_symbol = "ERROR_INVALID_ADDRESS";
  TracedCall call = decode_call(raw);
  EXPECT_TRUE(call.failed);
  EXPECT_EQ(call.result, "FALSE");
  EXPECT_EQ(call.handle, 0x7ff600000000ull);
  EXPECT_EQ(call.error, 487);
  raw.result = 1;
  call = decode_call(raw);
  EXPECT_FALSE(call.failed);
  EXPECT_EQ(call.result, "TRUE");
  EXPECT_EQ(call.error, 0);
}

TEST(TraceDecode, CreateFileMapping2JoinsProtectionAndAttributes) {
  RawCall raw = raw_for("CreateFileMapping2");
  raw.slots[2] = 0xf001f;       // DesiredAccess
  raw.slots[3] = 0x4;           // PageProtection
  raw.slots[4] = 0x04000000;    // AllocationAttributes SEC_RESERVE
  raw.slots[5] = 1ull << 33;    // ULONG64 MaximumSize
  raw.name = std::string("Global\\big");
  raw.result = 0x88;
  const TracedCall call = decode_call(raw);
  EXPECT_EQ(call.protection, 0x04000004u);
  EXPECT_EQ(call.access, 0xf001fu);
  EXPECT_EQ(call.size, 1ull << 33);
  EXPECT_EQ(argument(call, "DesiredAccess"), "FILE_MAP_ALL_ACCESS");
  EXPECT_EQ(argument(call, "AllocationAttributes"), "SEC_RESERVE");
  EXPECT_EQ(argument(call, "Name"), "\"Global\\\\big\"");
  EXPECT_EQ(call.args.size(), 9u);
}

TEST(TraceDecode, NamesAreQuotedAsCWould) {
  EXPECT_EQ(quoted_name(std::string("a\"b\\c")), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(quoted_name(std::nullopt), "NULL");
  EXPECT_EQ(hex_value(0), "NULL");
  EXPECT_EQ(hex_value(0x7ff6a0000000ull), "0x7ff6a0000000");
}

}  // namespace
}  // namespace shmh::platform
