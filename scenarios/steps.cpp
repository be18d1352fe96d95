// Shared scenario steps.
#include "scenarios/steps.h"

namespace shmh::scenarios {

Answer<cmd::Create> create_and_write(ScenarioContext& ctx, RoleClient& role, const std::string& name,
                                     std::uint64_t size, const std::string& text) {
  auto created = ctx.call(role, cmd::Create{.name = name, .size = size});
  ctx.require(created.ok, role.name() + " could not create " + name + ": " + describe(created));
  const auto mapped = ctx.call(role, cmd::Map{.access = "write"});
  ctx.require(mapped.ok, role.name() + " could not map " + name + ": " + describe(mapped));
  ctx.call(role, cmd::Write{.text = text});
  return created;
}

std::string open_and_read(ScenarioContext& ctx, RoleClient& role, const std::string& name) {
  const auto opened = ctx.call(role, cmd::Open{.name = name, .access = "read"});
  ctx.require(opened.ok, role.name() + " could not open " + name + ": " + describe(opened));
  const auto mapped = ctx.call(role, cmd::Map{.access = "read"});
  ctx.require(mapped.ok, role.name() + " could not map " + name + ": " + describe(mapped));
  return read_text(ctx, role);
}

std::string read_text(ScenarioContext& ctx, RoleClient& role, std::uint64_t offset) {
  return ctx.call(role, cmd::Read{.offset = offset}).reply.text;
}

std::string expected(const ScenarioContext& ctx, const char* windows, const char* posix) {
  return ctx.on_windows() ? windows : posix;
}

void expect_one_of(ScenarioContext& ctx, const report::Observation& observation, std::initializer_list<const char*> symbols,
                   const std::string& what) {
  std::string wanted;
  bool found = false;
  for (const char* symbol : symbols) {
    wanted += (wanted.empty() ? "" : " or ") + std::string(symbol);
    found = found || (observation.error && observation.error->symbol == symbol);
  }
  ctx.check(!observation.ok && found, what + ": expected " + wanted + ", got " + describe(observation));
}

}  // namespace shmh::scenarios
