// The role's operations for the traps between handles, sections and views: a second handle with
// another access, committing a reserved section's pages, unmapping at addresses that are not a
// view's start. Each calls the OS and reports what it returned.
#include <stdexcept>

#include "harness/platform/mask_names.h"
#include "harness/platform/system_info.h"
#include "harness/role/operations.h"

namespace shmh {

report::Observation RoleOperations::duplicate(const cmd::Duplicate& command) {
  std::string error;
  const auto mask = platform::parse_mask(command.access_mask, platform::MaskKind::access, error);
  if (!mask) throw std::invalid_argument("access_mask '" + command.access_mask + "': " + error);
  Slot& source = slot(command.from);
  auto result = platform::duplicate_mapping(source.mapping, *mask);
  auto o = observe(result ? "DuplicateHandle" : result.error().api, source.mapping.name());
  if (!result) {
    o.error = to_error_info(result.error());
    return o;
  }
  Slot& target = slot(command.slot);
  target.view = platform::View();
  target.mapping = std::move(result.value());
  o.ok = true;
  log_->info("duplicate {} with {}: ok", target.mapping.name(), platform::mask_name(*mask, platform::MaskKind::access));
  return o;
}

report::Observation RoleOperations::commit(const cmd::Commit& command) {
  Slot& target = slot(command.slot);
  if (!target.view.valid() || command.offset + command.length > target.view.length()) {
    throw std::invalid_argument("commit of " + std::to_string(command.length) + " bytes at " + std::to_string(command.offset) +
                                " does not fit the mapped view");
  }
  const auto status = platform::commit_pages(target.mapping, target.view, command.offset, command.length);
  auto o = observe(status ? (*status).api : platform::backend() == platform::Backend::windows ? "VirtualAlloc" : "posix_fallocate",
                   target.mapping.name());
  if (status) {
    o.error = to_error_info(*status);
  } else {
    o.ok = true;
  }
  return o;
}

report::Observation RoleOperations::committed(const cmd::Committed& command) {
  Slot& target = slot(command.slot);
  if (!target.view.valid()) throw std::invalid_argument("committed: the slot has no view");
  auto result = platform::committed_bytes(target.mapping, target.view, command.offset.value_or(0));
  auto o = observe(result ? (platform::backend() == platform::Backend::windows ? "VirtualQuery" : "fstat") : result.error().api,
                   target.mapping.name());
  if (!result) {
    o.error = to_error_info(result.error());
    return o;
  }
  o.ok = true;
  o.details = wire::encode_reply(cmd::CommittedReply{.bytes = result.value()});
  return o;
}

report::Observation RoleOperations::unmap_inside(const cmd::UnmapInside& command) {
  Slot& target = slot(command.slot);
  if (!target.view.valid() || command.offset >= target.view.length()) {
    throw std::invalid_argument("unmap_inside at " + std::to_string(command.offset) + " is outside the mapped view");
  }
  auto result = platform::unmap_inside(target.view, command.offset);
  auto o = observe(platform::api_name(platform::Call::unmap), target.mapping.name());
  if (!result) {
    o.error = to_error_info(result.error());
    return o;
  }
  o.ok = true;
  o.details = wire::encode_reply(cmd::UnmapInsideReply{.base_mapped = result.value().base_mapped,
                                                        .offset_mapped = result.value().offset_mapped});
  return o;
}

report::Observation RoleOperations::unmap_not_a_view(const cmd::UnmapNotAView&) {
  const auto status = platform::unmap_not_a_view();
  auto o = observe(platform::api_name(platform::Call::unmap), "");
  if (status) {
    o.error = to_error_info(*status);
  } else {
    o.ok = true;
  }
  return o;
}

}  // namespace shmh
