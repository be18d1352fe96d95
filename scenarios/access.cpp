// Access-rights scenarios that need no special token: a read handle mapped writable, a write
// into a read-only view, a view larger than the section, a misaligned offset.
#include "catalogue.h"
#include "steps.h"

namespace shmh::scenarios {
namespace {

void read_handle_mapped_writable(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("rohandle");
  RoleProcess& first = ctx.start_role("first");
  RoleProcess& second = ctx.start_role("second");
  create_and_write(ctx, first, name, 4096, kSampleMessage);
  ctx.require(ctx.call(second, {{"op", "open"}, {"name", name}, {"access", "read"}}).ok, "second cannot open for reading");
  const auto mapped = ctx.call(second, {{"op", "map"}, {"access", "write"}});
  ctx.check(!mapped.ok, "a read-only handle was mapped writable: " + describe(mapped));
  ctx.expect_code(mapped, expected(ctx, "ERROR_ACCESS_DENIED", "EACCES"), "a writable view of a FILE_MAP_READ handle");
  ctx.note(describe(mapped));
}

void write_into_read_only_view(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("roview");
  RoleProcess& first = ctx.start_role("first");
  RoleProcess& second = ctx.start_role("second");
  create_and_write(ctx, first, name, 4096, kSampleMessage);
  ctx.require(open_and_read(ctx, second, name) == kSampleMessage, "second could not read the message");
  const auto status = ctx.expect_death(second, {{"op", "write"}, {"text", "overwrite"}});
  if (ctx.on_windows()) {
    ctx.check(!status.by_signal && static_cast<std::uint32_t>(status.code) == 0xC0000005u,
              "the write ended the role with " + status.describe() + ", not 0xC0000005");
  } else {
    ctx.check(status.by_signal && status.code == 11, "the write ended the role with " + status.describe() + ", not SIGSEGV");
  }
  ctx.check(read_text(ctx, first) == kSampleMessage, "the faulting write changed the object");
  ctx.note("the role died with " + status.describe() + " (reported, no debugger, no dialog); the object is unchanged");
}

void view_larger_than_section(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("short");
  RoleProcess& first = ctx.start_role("first");
  RoleProcess& second = ctx.start_role("second");
  create_and_write(ctx, first, name, 4096, kSampleMessage);
  ctx.require(ctx.call(second, {{"op", "open"}, {"name", name}, {"access", "write"}}).ok, "second cannot open");
  const auto mapped = ctx.call(second, {{"op", "map"}, {"access", "read"}, {"length", 65536}});
  if (ctx.on_windows()) {
    ctx.check(!mapped.ok, "a view larger than the section was mapped: " + describe(mapped));
    ctx.expect_code(mapped, "ERROR_ACCESS_DENIED", "a 64 KiB view of a 4 KiB section");
    ctx.note(describe(mapped));
    return;
  }
  // POSIX maps it; touching a page past the end of the object raises SIGBUS.
  ctx.expect_clean_success(mapped, "mmap past the end of the object");
  const auto status = ctx.expect_death(second, {{"op", "read"}, {"offset", 32768}});
  ctx.check(status.by_signal && status.code == 7, "reading past the end ended the role with " + status.describe() + ", not SIGBUS");
  ctx.note("mmap of 64 KiB over 4 KiB succeeded; reading past the end: " + status.describe());
}

void misaligned_offset(ScenarioContext& ctx) {
  const std::string name = ctx.object_name("aligned");
  RoleProcess& first = ctx.start_role("first");
  RoleProcess& second = ctx.start_role("second");
  create_and_write(ctx, first, name, 256 * 1024, kSampleMessage);
  ctx.require(ctx.call(second, {{"op", "open"}, {"name", name}, {"access", "read"}}).ok, "second cannot open");
  const auto mapped = ctx.call(second, {{"op", "map"}, {"access", "read"}, {"offset", 100}, {"length", 4096}});
  ctx.check(!mapped.ok, "a view at offset 100 was mapped: " + describe(mapped));
  ctx.expect_code(mapped, expected(ctx, "ERROR_MAPPED_ALIGNMENT", "EINVAL"), "a view offset that is not a multiple of the granularity");
  ctx.note("offset 100: " + describe(mapped));
}

}  // namespace

void add_access(std::vector<Scenario>& out) {
  out.push_back({"access/read-handle-mapped-writable", {"access"},
                 "a FILE_MAP_READ handle mapped writable: 5 ERROR_ACCESS_DENIED (POSIX EACCES)", read_handle_mapped_writable});
  out.push_back({"access/write-into-read-only-view", {"access"},
                 "a write into a read-only view: 0xC0000005 in the role, reported (POSIX SIGSEGV)", write_into_read_only_view});
  out.push_back({"access/view-larger-than-section", {"access"},
                 "a view larger than the section: 5 (POSIX: mapped, SIGBUS past the end)", view_larger_than_section});
  out.push_back({"access/misaligned-offset", {"access"},
                 "a view offset that is not a multiple of the allocation granularity: 1132 (POSIX EINVAL)", misaligned_offset});
}

}  // namespace shmh::scenarios
