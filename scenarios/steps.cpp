// Shared scenario steps.
#include "scenarios/steps.h"

namespace shmh::scenarios {

report::Observation create_and_write(ScenarioContext& ctx, RoleClient& role, const std::string& name,
                                     std::uint64_t size, const std::string& text) {
  const auto created = ctx.call(role, {{"op", "create"}, {"name", name}, {"size", size}});
  ctx.require(created.ok, role.name() + " could not create " + name + ": " + describe(created));
  const auto mapped = ctx.call(role, {{"op", "map"}, {"access", "write"}});
  ctx.require(mapped.ok, role.name() + " could not map " + name + ": " + describe(mapped));
  ctx.call(role, {{"op", "write"}, {"text", text}});
  return created;
}

std::string open_and_read(ScenarioContext& ctx, RoleClient& role, const std::string& name) {
  const auto opened = ctx.call(role, {{"op", "open"}, {"name", name}, {"access", "read"}});
  ctx.require(opened.ok, role.name() + " could not open " + name + ": " + describe(opened));
  const auto mapped = ctx.call(role, {{"op", "map"}, {"access", "read"}});
  ctx.require(mapped.ok, role.name() + " could not map " + name + ": " + describe(mapped));
  return read_text(ctx, role);
}

std::string read_text(ScenarioContext& ctx, RoleClient& role, std::uint64_t offset) {
  return ctx.call(role, {{"op", "read"}, {"offset", offset}}).details.value("text", "");
}

std::string expected(const ScenarioContext& ctx, const char* windows, const char* posix) {
  return ctx.on_windows() ? windows : posix;
}

}  // namespace shmh::scenarios
