// Name traps (issue 27): case sensitivity, an empty path component, empty and NULL names on open, a
// wide name past the object manager's limit, and the Session\<N>\ prefix beside Global\ and Local\.
// Each Windows expectation names the Wine conformance test (written to pass on Windows) it is from.
#include <algorithm>
#include <cctype>

#include "harness/platform/system_info.h"
#include "scenarios/catalogue.h"
#include "scenarios/steps.h"

namespace shmh::scenarios {
namespace {

void case_sensitive(ScenarioContext& ctx) {
  RoleClient& creator = ctx.start_role("creator");
  RoleClient& opener = ctx.start_role("opener");
  const std::string lower = ctx.object_name("case");
  const std::string upper = ctx.object_name("CASE");  // the same name but for the case of its tag
  create_and_write(ctx, creator, lower, 4096, "lower");
  const auto other_case = ctx.call(creator, cmd::Create{.name = upper, .size = 4096, .slot = "upper"});
  // dlls/kernel32/tests/virtual.c, test_CreateFileMapping ("test case sensitivity"): creating
  // "WINE TEST MAPPING" beside "Wine Test Mapping" gives a new object, GetLastError 0.
  ctx.expect_clean_success(other_case, "creating the name in another case");
  const auto opened = ctx.call(opener, cmd::Open{.name = ctx.object_name("Case"), .access = "read"});
  // Same test: OpenFileMappingA of a case that was never created fails with ERROR_FILE_NOT_FOUND.
  ctx.expect_code(opened, expected(ctx, "ERROR_FILE_NOT_FOUND", "ENOENT"), "opening the name in a third case");
  ctx.note("another case: " + describe(other_case) + " (a separate object); open in a third case: " + describe(opened));
}

void empty_path_component(ScenarioContext& ctx) {
  RoleClient& creator = ctx.start_role("creator");
  const std::string unique = ctx.object_name("empty-component").substr(6);  // drop "Local\"
  const std::string name = "Local\\\\" + unique;                              // Local\\x
  const auto created = ctx.call(creator, cmd::Create{.name = name, .size = 4096});
  if (ctx.on_windows()) {
    // dlls/ntdll/tests/om.c, test_directory: "\BaseNamedObjects\\om.c-test" (an empty component)
    // is STATUS_OBJECT_NAME_INVALID, which dlls/ntdll/tests/error.c maps to ERROR_INVALID_NAME:
    // 123, not the 3 of a backslash after the prefix.
    ctx.expect_code(created, "ERROR_INVALID_NAME", "an empty path component (Local\\\\x)");
  } else {
    // glibc drops the leading slashes of "//x": the same object as "/x".
    ctx.expect_clean_success(created, "shm_open of \"//x\"");
    if (created.ok) ctx.call(creator, cmd::Unlink{.name = name});
  }
  ctx.note(name.substr(0, 8) + "…: " + describe(created));
}

void empty_and_null_name_open(ScenarioContext& ctx) {
  RoleClient& opener = ctx.start_role("opener");
  const auto empty = ctx.call(opener, cmd::Open{.name = "", .access = "read"});
  // dlls/ntdll/tests/om.c, test_name_limits: an empty name relative to BaseNamedObjects names the
  // directory, and NtOpenSection gives STATUS_OBJECT_TYPE_MISMATCH, ERROR_INVALID_HANDLE in
  // dlls/ntdll/tests/error.c. POSIX: shm_open("/") is EINVAL.
  ctx.expect_code(empty, expected(ctx, "ERROR_INVALID_HANDLE", "EINVAL"), "opening an empty name");
  const auto null = ctx.call(opener, cmd::Open{.name = "", .access = "read", .null_name = true});
  // dlls/kernel32/tests/sync.c, test_mutex: OpenMutexW(..., NULL) fails with
  // ERROR_INVALID_PARAMETER; OpenFileMappingW goes through the same name check. POSIX has no NULL
  // name: the nearest, "/", is EINVAL.
  ctx.expect_code(null, expected(ctx, "ERROR_INVALID_PARAMETER", "EINVAL"), "opening a NULL name");
  ctx.note("empty name: " + describe(empty) + "; NULL name: " + describe(null));
}

void wide_name_too_long(ScenarioContext& ctx) {
  RoleClient& creator = ctx.start_role("creator");
  std::string name = ctx.object_name("wide-");
  name.append(32800 - name.size(), 'x');  // past the 32767 characters a UNICODE_STRING can hold
  const auto created = ctx.call(creator, cmd::Create{.name = name, .size = 4096});
  const auto wine = platform::machine_info().wine_version;
  if (ctx.on_windows() && created.ok && wine) {
    // Wine's kernelbase builds the name with RtlInitUnicodeString, which cuts it to 32766
    // characters, and the cut name is valid. No Wine test asserts the kernel32 path for Windows.
    ctx.skip("this machine created the object (" + describe(created) + ", Wine " + *wine +
             "): its CreateFileMappingW cuts a name past 32766 characters instead of refusing it; the object "
             "manager's limit (65534 bytes: STATUS_OBJECT_NAME_INVALID, 123) is not reached");
  }
  // dlls/ntdll/tests/om.c, test_name_limits: a name of 65534 bytes is STATUS_OBJECT_NAME_INVALID
  // for every object type (ERROR_INVALID_NAME, dlls/ntdll/tests/error.c). POSIX: glibc refuses a
  // name this long itself with EINVAL, before the file system's ENAMETOOLONG.
  ctx.expect_code(created, expected(ctx, "ERROR_INVALID_NAME", "EINVAL"), "a wide name of 32800 characters");
  ctx.note("32800 characters, CreateFileMappingW: " + describe(created));
}

void session_prefix(ScenarioContext& ctx) {
  RoleClient& creator = ctx.start_role("creator");
  RoleClient& opener = ctx.start_role("opener");
  const std::string local = ctx.object_name("session");
  create_and_write(ctx, creator, local, 4096, "through Local\\");
  const auto token = ctx.call(opener, cmd::Token{});
  const auto session = token.reply.token.session_id;
  if (ctx.on_windows() && !session) ctx.skip("the opener's session id cannot be read: " + describe(token));
  const std::string via_session = "Session\\" + std::to_string(session.value_or(0)) + "\\" + local.substr(6);
  const auto opened = ctx.call(opener, cmd::Open{.name = via_session, .access = "read"});
  if (ctx.on_windows()) {
    // dlls/ntdll/tests/om.c, get_base_dir: \BaseNamedObjects\Session\<SessionId> is the directory
    // kernel32's Local\ objects are created in, so Session\<N>\x opens Local\x.
    ctx.expect_clean_success(opened, "opening Local\\x as Session\\<N>\\x");
    if (opened.ok) {
      ctx.call(opener, cmd::Map{.access = "read"});
      const std::string text = read_text(ctx, opener);
      ctx.check(text == "through Local\\", "Session\\<N>\\x is not Local\\x: read \"" + text + "\"");
    }
  } else {
    // One namespace: "Session\N\x" is "/Session/N/x", and a second '/' is EINVAL.
    ctx.expect_code(opened, "EINVAL", "shm_open of a name with more than one '/'");
  }
  ctx.note(via_session.substr(0, via_session.find('\\', 8) + 1) + "x: " + describe(opened));
}

}  // namespace

void add_naming_traps(std::vector<Scenario>& out) {
  out.push_back({"naming/case-sensitive", {"naming", "traps"},
                 "another case creates a separate object (0), an open in another case gives 2 (POSIX ENOENT)", case_sensitive});
  out.push_back({"naming/empty-path-component", {"naming", "traps"},
                 "Local\\\\x (an empty path component): 123 ERROR_INVALID_NAME, not 3 (POSIX: \"//x\" is \"/x\")",
                 empty_path_component});
  out.push_back({"naming/empty-and-null-name-open", {"naming", "traps"},
                 "open with an empty name: 6; with a NULL name: 87 (POSIX: \"/\", EINVAL)", empty_and_null_name_open});
  out.push_back({"naming/wide-name-too-long", {"naming", "traps"},
                 "a wide name over 32766 characters: 123 ERROR_INVALID_NAME (POSIX: glibc EINVAL)", wide_name_too_long});
  out.push_back({"naming/session-prefix", {"naming", "traps"},
                 "Session\\<N>\\x beside Global\\ and Local\\: the same object as Local\\x in session N (POSIX: EINVAL)",
                 session_prefix});
}

}  // namespace shmh::scenarios
