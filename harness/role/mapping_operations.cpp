// The role's operations on named mappings: each one calls the OS and reports what it returned.
#include "harness/role/operations.h"

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

#include "harness/protocol/command_fields.h"
#include "harness/platform/handles.h"
#include "harness/platform/system_info.h"
#include "harness/platform/this_process.h"
#include "harness/protocol/text_codec.h"

namespace shmh {
namespace {

using nlohmann::json;

platform::Access access_of(const json& command) {
  const auto text = optional_field<std::string>(command, "access", "write");
  if (text == "read") return platform::Access::read;
  if (text == "write") return platform::Access::write;
  throw std::invalid_argument("access must be read or write, not '" + text + "'");
}

Encoding encoding_of(const json& command) {
  const auto text = optional_field<std::string>(command, "encoding", "utf8");
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

Slot& RoleOperations::slot(const json& command) {
  return slots_[optional_field<std::string>(command, "slot", "0")];
}

report::Observation RoleOperations::execute(const json& command) {
  const auto op = required_field<std::string>(command, "op");
  if (op == "create") return create(command);
  if (op == "open") return open(command);
  if (op == "map") return map(command);
  if (op == "write") return write(command);
  if (op == "read") return read(command);
  if (op == "unmap") return unmap(command);
  if (op == "close") return close(command);
  if (op == "unlink") return unlink(command);
  if (op == "sleep") return sleep(command);
  if (op == "attach_coord") return attach_coordination(command);
  if (op == "race") return race(command);
  if (op == "poll_open") return poll_open(command);
  if (op == "handle_count") return handle_count(command);
  if (op == "cycle") return cycle(command);
  if (op == "create_sync") return create_sync(command);
  if (op == "resize") return resize(command);
  if (op == "crash_mid_write") return crash_mid_write(command);
  if (op == "pin") return pin(command);
  if (op == "ring_attach") return ring_attach(command);
  if (op == "ring_write" || op == "ring_read") return ring_transfer(command);
  if (op == "ring_reset") return ring_reset(command);
  if (op == "queue_attach") return queue_attach(command);
  if (op == "token") return token(command);
  if (op == "security") return object_security(command);
  if (op == "private_namespace") return private_namespace(command);
  if (op == "queue_send" || op == "queue_receive") return queue_transfer(command);
  if (op == "ping" || op == "pong") return ping_pong(command);
  if (op == "memcpy_baseline") return memcpy_baseline(command);
  if (op == "c2c_baseline") return core_to_core_baseline(command);
  if (op == "setup_cost") return setup_cost(command);
  if (op == "hello") {
    auto o = observe("hello", "");
    o.ok = true;
    return o;
  }
  if (op == "exit") {
    exit_requested_ = true;
    exit_code_ = optional_field<int>(command, "code", 0);
    auto o = observe("exit", "");
    o.ok = true;
    return o;
  }
  throw std::invalid_argument("unknown op '" + op + "'");
}

report::Observation RoleOperations::create(const json& command) {
  const auto name = required_field<std::string>(command, "name");
  const auto size = required_field<std::uint64_t>(command, "size");
  platform::CreateOptions options;
  options.ansi_api = optional_field<bool>(command, "ansi", false);
  options.sddl = optional_field<std::string>(command, "sddl", "");
  options.mode = optional_field<unsigned>(command, "mode", 0600);
  options.large_pages = optional_field<bool>(command, "large_pages", false);
  auto result = platform::create_mapping(name, size, options);
  Slot& target = slot(command);
  if (!result) {
    auto o = observe(result.error().api, name);
    o.error = to_error_info(result.error());
    log_->info("create {} ({} bytes): {}", name, size, result.error().describe());
    return o;
  }
  auto o = observe(result.value().last_error.api, name);
  o.ok = true;
  if (result.value().last_error.code != 0) o.error = to_error_info(result.value().last_error);
  o.details = {{"size", size}, {"already_existed", result.value().already_existed}, {"t_ns", steady_now_ns()}};
  target.view = platform::View();
  target.mapping = std::move(result.value().mapping);
  log_->info("create {} ({} bytes): ok{}", name, size, o.error ? ", " + o.error->symbol : "");
  return o;
}

report::Observation RoleOperations::open(const json& command) {
  const auto name = required_field<std::string>(command, "name");
  const auto access = access_of(command);
  auto result = platform::open_mapping(name, access);
  if (!result) {
    auto o = observe(result.error().api, name);
    o.error = to_error_info(result.error());
    log_->info("open {}: {}", name, result.error().describe());
    return o;
  }
  auto o = observe(platform::api_name(platform::Call::open), name);
  o.ok = true;
  o.details = {{"access", access == platform::Access::write ? "write" : "read"}};
  if (result.value().size() != 0) o.details["size"] = result.value().size();
  Slot& target = slot(command);
  target.view = platform::View();
  target.mapping = std::move(result.value());
  log_->info("open {}: ok", name);
  return o;
}

report::Observation RoleOperations::map(const json& command) {
  Slot& target = slot(command);
  const auto access = access_of(command);
  const auto offset = optional_field<std::uint64_t>(command, "offset", 0);
  const auto length = optional_field<std::size_t>(command, "length", 0);
  auto result = platform::map_view(target.mapping, access, offset, length);
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
  o.details = {{"length", target.view.length()}, {"offset", offset}};
  if (auto region = platform::view_region_size(target.view)) o.details["region_size"] = region.value();
  log_->info("map {}: ok, {} bytes", target.mapping.name(), target.view.length());
  return o;
}

report::Observation RoleOperations::write(const json& command) {
  Slot& target = slot(command);
  const auto text = required_field<std::string>(command, "text");
  const auto offset = optional_field<std::size_t>(command, "offset", 0);
  const std::string bytes = encode_message(text, encoding_of(command));
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
  o.details = {{"bytes", bytes.size()}, {"offset", offset}};
  return o;
}

report::Observation RoleOperations::read(const json& command) {
  Slot& target = slot(command);
  const auto offset = optional_field<std::size_t>(command, "offset", 0);
  if (!target.view.valid() || offset >= target.view.length()) {
    throw std::invalid_argument("read at " + std::to_string(offset) + " is outside the mapped view");
  }
  const auto available = target.view.length() - offset;
  const auto length = std::min<std::size_t>(optional_field<std::size_t>(command, "length", available), available);
  const std::byte* data = target.view.data() + offset;
  const std::string wanted = optional_field<std::string>(command, "encoding", "auto");
  const Encoding encoding = wanted == "auto" ? guess_encoding(data, length) : encoding_of(command);
  bool all_zero = true;
  for (std::size_t i = 0; i < length && all_zero; ++i) all_zero = data[i] == std::byte{0};
  auto o = observe("read_view", target.mapping.name());
  o.ok = true;
  o.details = {{"text", decode_message(data, length, encoding)},
               {"encoding", encoding_name(encoding)},
               {"all_zero", all_zero},
               {"length", length}};
  log_->info("read {} bytes at offset {} of {}", length, offset, target.mapping.name());
  return o;
}

report::Observation RoleOperations::unmap(const json& command) {
  Slot& target = slot(command);
  const char* api = platform::api_name(platform::Call::unmap);
  auto o = observe(api, target.mapping.name());
  if (auto error = target.view.unmap()) {
    o.error = to_error_info(*error);
  } else {
    o.ok = true;
  }
  return o;
}

report::Observation RoleOperations::close(const json& command) {
  Slot& target = slot(command);
  const char* api = platform::api_name(platform::Call::close);
  auto o = observe(api, target.mapping.name());
  if (auto error = target.mapping.close()) {
    o.error = to_error_info(*error);
  } else {
    o.ok = true;
  }
  return o;
}

report::Observation RoleOperations::unlink(const json& command) {
  const auto name = required_field<std::string>(command, "name");
  auto o = observe(platform::api_name(platform::Call::unlink), name);
  if (auto error = platform::unlink_mapping(name)) {
    o.error = to_error_info(*error);
  } else {
    o.ok = true;
  }
  return o;
}

report::Observation RoleOperations::sleep(const json& command) {
  const auto ms = required_field<std::int64_t>(command, "ms");
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  auto o = observe("sleep", "");
  o.ok = true;
  return o;
}

}  // namespace shmh
