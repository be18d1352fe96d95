// The role's operations on named mappings: each one calls the OS and reports what it returned.
#include "harness/role/operations.h"

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

#include "harness/platform/call_marker.h"
#include "harness/platform/handles.h"
#include "harness/platform/mask_names.h"
#include "harness/platform/system_info.h"
#include "harness/platform/this_process.h"
#include "harness/protocol/text_codec.h"

namespace shmh {
namespace {

using nlohmann::json;

// An absent access is write, as in the classic sample (FILE_MAP_ALL_ACCESS).
platform::Access access_of(const std::optional<std::string>& access) {
  const auto text = access.value_or("write");
  if (text == "read") return platform::Access::read;
  if (text == "write") return platform::Access::write;
  throw std::invalid_argument("access must be read or write, not '" + text + "'");
}

// A mask given by name or number; a bad one is a malformed command.
std::uint32_t mask_of(const std::string& text, platform::MaskKind kind, const char* field) {
  std::string error;
  const auto value = platform::parse_mask(text, kind, error);
  if (!value) throw std::invalid_argument(std::string(field) + " '" + text + "': " + error);
  return *value;
}

Encoding encoding_of(const std::optional<std::string>& encoding) {
  const auto text = encoding.value_or("utf8");
  if (text == "utf8") return Encoding::utf8;
  if (text == "utf16") return Encoding::utf16;
  throw std::invalid_argument("encoding must be utf8 or utf16, not '" + text + "'");
}

}  // namespace

report::ErrorInfo to_error_info(const platform::OsError& error) {
  return {error.code, error.symbol, error.message};
}

RoleOperations::RoleOperations(std::string role_name, std::shared_ptr<spdlog::logger> log)
    : role_name_(std::move(role_name)), log_(std::move(log)) {}

report::Observation RoleOperations::observe(std::string api, std::string name) const {
  report::Observation o;
  o.role = role_name_;
  o.pid = platform::current_process_id();
  o.api = std::move(api);
  o.name = std::move(name);
  return o;
}

Slot& RoleOperations::slot(const std::optional<std::string>& name) { return slots_[name.value_or("0")]; }

report::Observation RoleOperations::hello(const cmd::Hello&) {
  auto o = observe("hello", "");
  o.ok = true;
  return o;
}

report::Observation RoleOperations::request_exit(const cmd::Exit& command) {
  exit_requested_ = true;
  exit_code_ = command.code.value_or(0);
  auto o = observe("exit", "");
  o.ok = true;
  return o;
}

report::Observation RoleOperations::create(const cmd::Create& command) {
  const auto& name = command.name;
  const auto size = command.size;
  platform::CreateOptions options;
  options.ansi_api = command.ansi.value_or(false);
  options.sddl = command.sddl.value_or("");
  options.mode = command.mode.value_or(0600);
  options.large_pages = command.large_pages.value_or(false);
  options.open_existing = command.or_open.value_or(false);
  if (command.protection) options.protection = mask_of(*command.protection, platform::MaskKind::protection, "protection");
  auto result = platform::create_mapping(name, size, options);
  Slot& target = slot(command.slot);
  if (!result) {
    auto o = observe(result.error().api, name);
    o.error = to_error_info(result.error());
    log_->info("create {} ({} bytes): {}", name, size, result.error().describe());
    return o;
  }
  auto o = observe(result.value().last_error.api, name);
  o.ok = true;
  if (result.value().last_error.code != 0) o.error = to_error_info(result.value().last_error);
  o.details = wire::encode_reply(cmd::CreateReply{
      .size = size, .already_existed = result.value().already_existed, .t_ns = steady_now_ns()});
  target.view = platform::View();
  target.mapping = std::move(result.value().mapping);
  log_->info("create {} ({} bytes): ok{}", name, size, o.error ? ", " + o.error->symbol : "");
  return o;
}

report::Observation RoleOperations::open(const cmd::Open& command) {
  const auto& name = command.name;
  const auto access = access_of(command.access);
  const std::optional<std::uint32_t> mask =
      command.access_mask ? std::optional(mask_of(*command.access_mask, platform::MaskKind::access, "access_mask")) : std::nullopt;
  auto result = mask || command.null_name.value_or(false)
                    ? platform::open_mapping_masked(name, mask.value_or(access == platform::Access::write
                                                                            ? platform::mask::kFileMapRead | platform::mask::kFileMapWrite
                                                                            : platform::mask::kFileMapRead),
                                                    command.null_name.value_or(false))
                    : platform::open_mapping(name, access);
  if (!result) {
    auto o = observe(result.error().api, name);
    o.error = to_error_info(result.error());
    log_->info("open {}: {}", name, result.error().describe());
    return o;
  }
  auto o = observe(platform::api_name(platform::Call::open), name);
  o.ok = true;
  cmd::OpenReply reply{.access = mask ? platform::mask_name(*mask, platform::MaskKind::access)
                                      : access == platform::Access::write ? "write" : "read"};
  if (result.value().size() != 0) reply.size = result.value().size();
  o.details = wire::encode_reply(reply);
  Slot& target = slot(command.slot);
  target.view = platform::View();
  target.mapping = std::move(result.value());
  log_->info("open {}: ok", name);
  return o;
}

report::Observation RoleOperations::map(const cmd::Map& command) {
  Slot& target = slot(command.slot);
  const auto access = access_of(command.access);
  const auto offset = command.offset.value_or(0);
  const auto length = static_cast<std::size_t>(command.length.value_or(0));
  auto result = command.access_mask
                    ? platform::map_view_masked(target.mapping, mask_of(*command.access_mask, platform::MaskKind::access, "access_mask"),
                                                offset, length)
                    : platform::map_view(target.mapping, access, offset, length);
  const char* api = platform::api_name(platform::Call::map);
  if (!result) {
    auto o = observe(api, target.mapping.name());
    o.error = to_error_info(result.error());
    log_->info("map {}: {}", target.mapping.name(), result.error().describe());
    return o;
  }
  auto o = observe(api, target.mapping.name());
  o.ok = true;
  target.view = std::move(result.value());
  cmd::MapReply reply{.length = target.view.length(), .offset = offset};
  if (auto region = platform::view_region_size(target.view)) reply.region_size = region.value();
  o.details = wire::encode_reply(reply);
  log_->info("map {}: ok, {} bytes", target.mapping.name(), target.view.length());
  return o;
}

report::Observation RoleOperations::write(const cmd::Write& command) {
  Slot& target = slot(command.slot);
  const auto offset = static_cast<std::size_t>(command.offset.value_or(0));
  const std::string bytes = encode_message(command.text, encoding_of(command.encoding));
  auto o = observe("write_view", target.mapping.name());
  if (!target.view.valid() || offset + bytes.size() > target.view.length()) {
    throw std::invalid_argument("write of " + std::to_string(bytes.size()) + " bytes at " +
                                std::to_string(offset) + " does not fit the mapped view");
  }
  log_->info("write {} bytes at offset {} of {}", bytes.size(), offset, target.mapping.name());
  // A read-only view faults here on purpose when a scenario asks for it: the role dies with
  // the access violation or SIGSEGV, and the orchestrator reports it.
  std::memcpy(target.view.data() + offset, bytes.data(), bytes.size());
  o.ok = true;
  o.details = wire::encode_reply(cmd::WriteReply{.bytes = bytes.size(), .offset = offset});
  return o;
}

report::Observation RoleOperations::read(const cmd::Read& command) {
  Slot& target = slot(command.slot);
  const auto offset = static_cast<std::size_t>(command.offset.value_or(0));
  if (!target.view.valid() || offset >= target.view.length()) {
    throw std::invalid_argument("read at " + std::to_string(offset) + " is outside the mapped view");
  }
  const auto available = target.view.length() - offset;
  const auto length = std::min<std::size_t>(command.length.value_or(available), available);
  const std::byte* data = target.view.data() + offset;
  // An absent encoding is guessed from the bytes, as second must do with the sample's TCHARs.
  const std::string wanted = command.encoding.value_or("auto");
  const Encoding encoding = wanted == "auto" ? guess_encoding(data, length) : encoding_of(command.encoding);
  bool all_zero = true;
  for (std::size_t i = 0; i < length && all_zero; ++i) all_zero = data[i] == std::byte{0};
  auto o = observe("read_view", target.mapping.name());
  o.ok = true;
  o.details = wire::encode_reply(cmd::ReadReply{.text = decode_message(data, length, encoding),
                                                .encoding = encoding_name(encoding),
                                                .all_zero = all_zero,
                                                .length = length});
  log_->info("read {} bytes at offset {} of {}", length, offset, target.mapping.name());
  return o;
}

report::Observation RoleOperations::unmap(const cmd::Unmap& command) {
  Slot& target = slot(command.slot);
  const char* api = platform::api_name(platform::Call::unmap);
  auto o = observe(api, target.mapping.name());
  if (auto error = target.view.unmap()) {
    o.error = to_error_info(*error);
  } else {
    o.ok = true;
  }
  return o;
}

report::Observation RoleOperations::close(const cmd::Close& command) {
  Slot& target = slot(command.slot);
  const char* api = platform::api_name(platform::Call::close);
  auto o = observe(api, target.mapping.name());
  if (auto error = target.mapping.close()) {
    o.error = to_error_info(*error);
  } else {
    o.ok = true;
  }
  return o;
}

report::Observation RoleOperations::unlink(const cmd::Unlink& command) {
  const auto& name = command.name;
  auto o = observe(platform::api_name(platform::Call::unlink), name);
  if (auto error = platform::unlink_mapping(name)) {
    o.error = to_error_info(*error);
  } else {
    o.ok = true;
  }
  return o;
}

report::Observation RoleOperations::sleep(const cmd::Sleep& command) {
  platform::mark_call("sleep_for", std::to_string(command.ms) + " ms");
  std::this_thread::sleep_for(std::chrono::milliseconds(command.ms));
  auto o = observe("sleep", "");
  o.ok = true;
  return o;
}

}  // namespace shmh
