// Naming scenarios: the object namespace shared with events and mutexes, malformed prefixes,
// over-long names, Global\ vs Local\ vs bare names, size 0 and sizes beyond 4 GiB.
#include "scenarios/catalogue.h"
#include "harness/platform/sync_objects.h"
#include "scenarios/steps.h"
#include "scenarios/windows_rules.h"

namespace shmh::scenarios {
namespace {

constexpr const char* kSyncKinds[] = {"event", "mutex", "semaphore"};

void skip_unless_shared_namespace(ScenarioContext& ctx) {
  if (!platform::sync_objects_share_mapping_namespace()) {
    ctx.skip("POSIX keeps named semaphores (sem.<name>) and shared memory in separate namespaces: "
             "there is no clash to observe");
  }
}

void mapping_over_sync_object(ScenarioContext& ctx) {
  skip_unless_shared_namespace(ctx);
  RoleClient& role = ctx.start_role("creator");
  std::string seen;
  for (const char* kind : kSyncKinds) {
    const std::string name = ctx.object_name(std::string("over-") + kind);
    const auto sync = ctx.call(role, cmd::CreateSync{.kind = kind, .name = name});
    ctx.require(sync.ok, std::string("cannot create the ") + kind + ": " + describe(sync));
    const auto mapping = ctx.call(role, cmd::Create{.name = name, .size = 4096, .slot = kind});
    ctx.check(!mapping.ok, std::string("a mapping was created over a ") + kind + "'s name: " + describe(mapping));
    ctx.expect_code(mapping, "ERROR_INVALID_HANDLE", std::string("CreateFileMappingW over a ") + kind);
    seen += std::string(seen.empty() ? "" : ", ") + kind + ": " + (mapping.error ? mapping.error->symbol : "ok");
  }
  ctx.note(seen);
}

void sync_object_over_mapping(ScenarioContext& ctx) {
  skip_unless_shared_namespace(ctx);
  RoleClient& role = ctx.start_role("creator");
  std::string seen;
  for (const char* kind : kSyncKinds) {
    const std::string name = ctx.object_name(std::string("under-") + kind);
    ctx.require(ctx.call(role, cmd::Create{.name = name, .size = 4096, .slot = kind}).ok,
                "cannot create the mapping");
    const auto sync = ctx.call(role, cmd::CreateSync{.kind = kind, .name = name});
    ctx.check(!sync.ok, std::string("a ") + kind + " was created over a mapping's name: " + describe(sync));
    ctx.expect_code(sync, "ERROR_INVALID_HANDLE", std::string("creating a ") + kind + " over a mapping");
    seen += std::string(seen.empty() ? "" : ", ") + kind + ": " + (sync.error ? sync.error->symbol : "ok");
  }
  ctx.note(seen);
}

void malformed_prefixes(ScenarioContext& ctx) {
  RoleClient& role = ctx.start_role("creator");
  const std::string unique = ctx.object_name("prefix").substr(6);  // drop "Local\"
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Local\\" + unique + "\\sub", "a backslash after the prefix"},
      {"local\\" + unique, "a lowercase prefix"},
      {"Bogus\\" + unique, "an unknown prefix"},
  };
  const std::string wanted = expected(ctx, "ERROR_PATH_NOT_FOUND", "EINVAL");
  std::string seen;
  for (const auto& [name, what] : cases) {
    const auto created = ctx.call(role, cmd::Create{.name = name, .size = 4096});
    ctx.check(!created.ok, what + " was accepted: " + describe(created));
    ctx.expect_code(created, wanted, what);
    seen += (seen.empty() ? "" : "; ") + what + ": " + (created.error ? created.error->symbol : "ok");
  }
  ctx.note(seen);
}

// A name of `length` characters in total (Windows) or after the leading '/' (POSIX).
std::string name_of_length(ScenarioContext& ctx, std::size_t length) {
  std::string name = ctx.object_name("long" + std::to_string(length) + "-");
  const std::size_t counted = ctx.on_windows() ? name.size() : name.size() - 6;  // POSIX drops "Local\"
  name.append(length - counted, 'x');
  return name;
}

void overlong_name(ScenarioContext& ctx) {
  RoleClient& role = ctx.start_role("creator");
  if (ctx.on_windows()) {
    // The ANSI function is the one limited to MAX_PATH: 260 characters and more give 206.
    const std::string name = name_of_length(ctx, 300);
    const auto created = ctx.call(role, cmd::Create{.name = name, .size = 4096, .ansi = true});
    ctx.check(!created.ok, "a 300-character name was accepted by CreateFileMappingA: " + describe(created));
    ctx.expect_code(created, "ERROR_FILENAME_EXCED_RANGE", "a 300-character ANSI name");
    // For comparison: the W function has no MAX_PATH limit on object names.
    const auto wide = ctx.call(role, cmd::Create{.name = name, .size = 4096, .slot = "wide"});
    ctx.metrics().values["wide_function_300"] = describe(wide);
    ctx.note("300 characters: " + describe(created) + "; CreateFileMappingW with the same name: " + describe(wide));
    return;
  }
  // NAME_MAX is 255: one more gives ENAMETOOLONG from the file system. glibc refuses much
  // longer names itself, with EINVAL: recorded, since portable code meets both.
  const auto just_over = ctx.call(role, cmd::Create{.name = name_of_length(ctx, 256), .size = 4096});
  ctx.check(!just_over.ok, "a 256-character name was accepted: " + describe(just_over));
  ctx.expect_code(just_over, "ENAMETOOLONG", "a name one past NAME_MAX");
  const auto far_over = ctx.call(role, cmd::Create{.name = name_of_length(ctx, 300), .size = 4096});
  ctx.check(!far_over.ok, "a 300-character name was accepted: " + describe(far_over));
  ctx.metrics().values["code_at_300"] = far_over.error ? far_over.error->symbol : "ok";
  ctx.note("256 characters: " + std::string(just_over.error ? just_over.error->symbol : "ok") + "; 300 characters: " +
           std::string(far_over.error ? far_over.error->symbol : "ok") + " (glibc checks long names itself)");
}

void global_local_bare(ScenarioContext& ctx) {
  RoleClient& local_role = ctx.start_role("local");
  RoleClient& global_role = ctx.start_role("global");
  RoleClient& bare_role = ctx.start_role("bare");
  const std::string local_name = ctx.object_name("ns");
  const std::string bare = local_name.substr(6);
  const std::string global_name = "Global\\" + bare;
  create_and_write(ctx, local_role, local_name, 4096, "local");

  const auto global = ctx.call(global_role, cmd::Create{.name = global_name, .size = 4096});
  // Local\ and Global\ are two namespaces outside session 0 and one inside it (a service):
  // what to expect comes from the role's own session.
  std::optional<NamespaceRelation> relation;
  if (ctx.on_windows()) {
    const auto expectation = local_global_relation(ctx.call(global_role, cmd::Token{}).reply.token.session_id);
    if (!expectation.relation) ctx.skip(expectation.reason);
    relation = expectation.relation;
    ctx.metrics().values["namespaces"] = expectation.reason;
  }
  if (relation == NamespaceRelation::same) {
    ctx.expect_code(global, "ERROR_ALREADY_EXISTS", "in session 0 Global\\x is the Local\\x object");
    ctx.require(global.ok, "the Global\\ create in session 0 returned no handle: " + describe(global));
    ctx.call(global_role, cmd::Map{.access = "read"});
    ctx.check(read_text(ctx, global_role) == "local", "in session 0 Global\\x does not show Local\\x's memory");
  } else if (ctx.on_windows()) {
    if (!global.ok && global.error && global.error->symbol == "ERROR_ACCESS_DENIED") {
      ctx.skip("cannot create " + global_name + " here (5 ERROR_ACCESS_DENIED): this process lacks "
               "SeCreateGlobalPrivilege; the privilege scenarios explain it");
    }
    ctx.expect_clean_success(global, "Global\\ is another namespace: creating it after Local\\ gives a new object");
    ctx.call(global_role, cmd::Map{.access = "write"});
    ctx.call(global_role, cmd::Write{.text = "global"});
    ctx.check(read_text(ctx, local_role) == "local", "writing Global\\ changed Local\\");
  } else {
    ctx.expect_code(global, "EEXIST", "POSIX has one namespace: Global\\x is the same /x");
  }
  const auto plain = ctx.call(bare_role, cmd::Create{.name = bare, .size = 4096});
  ctx.expect_code(plain, expected(ctx, "ERROR_ALREADY_EXISTS", "EEXIST"), "a bare name is Local\\");
  if (ctx.on_windows()) {
    ctx.call(bare_role, cmd::Map{.access = "read"});
    ctx.check(read_text(ctx, bare_role) == "local", "the bare name did not reach the Local\\ object");
  }
  ctx.note("Global\\: " + describe(global) + "; bare: " + describe(plain));
}

void size_zero(ScenarioContext& ctx) {
  RoleClient& role = ctx.start_role("creator");
  const std::string name = ctx.object_name("empty");
  const auto created = ctx.call(role, cmd::Create{.name = name, .size = 0});
  if (ctx.on_windows()) {
    ctx.check(!created.ok, "a pagefile section of size 0 was created: " + describe(created));
    ctx.expect_code(created, "ERROR_INVALID_PARAMETER", "size 0 for a pagefile-backed section");
    ctx.note(describe(created));
    return;
  }
  ctx.expect_clean_success(created, "POSIX: an empty object is fine");
  const auto mapped = ctx.call(role, cmd::Map{.access = "read"});
  ctx.metrics().values["map_of_empty_object"] = describe(mapped);
  ctx.note("created empty; mapping it: " + describe(mapped));
}

void beyond_4gib(ScenarioContext& ctx) {
  constexpr std::uint64_t kFourGiB = 4ull << 30;
  constexpr std::uint64_t kSize = kFourGiB + (1 << 20);
  RoleClient& role = ctx.start_role("creator");
  RoleClient& reader = ctx.start_role("reader");
  const std::string name = ctx.object_name("huge");
  const auto created = ctx.call(role, cmd::Create{.name = name, .size = kSize});
  if (!created.ok && created.error &&
      (created.error->symbol == "ERROR_COMMITMENT_LIMIT" || created.error->symbol == "ERROR_NOT_ENOUGH_MEMORY")) {
    // Documented: past the commit limit the create fails. That is the platform's answer, not ours.
    ctx.note("past this machine's commit limit: " + describe(created));
    return;
  }
  ctx.require(created.ok, "creating 4 GiB + 1 MiB failed: " + describe(created));
  // A view above 4 GiB needs the high DWORD of the offset.
  const auto mapped = ctx.call(role, cmd::Map{.access = "write", .offset = kFourGiB, .length = 65536});
  ctx.require(mapped.ok, "mapping at offset 4 GiB failed: " + describe(mapped));
  ctx.call(role, cmd::Write{.text = "above 4 GiB"});
  ctx.require(ctx.call(reader, cmd::Open{.name = name, .access = "read"}).ok, "reader cannot open");
  const auto reader_map = ctx.call(reader, cmd::Map{.access = "read", .offset = kFourGiB, .length = 65536});
  ctx.require(reader_map.ok, "reader cannot map at 4 GiB: " + describe(reader_map));
  const std::string text = read_text(ctx, reader);
  ctx.check(text == "above 4 GiB", "the reader found \"" + text + "\" at offset 4 GiB");
  ctx.note("4 GiB + 1 MiB created; a view at offset 4 GiB carried \"" + text + "\" between processes");
}

}  // namespace

void add_naming(std::vector<Scenario>& out) {
  out.push_back({"naming/mapping-over-sync-object", {"naming"},
                 "a mapping over an event's, mutex's or semaphore's name: 6 ERROR_INVALID_HANDLE", mapping_over_sync_object});
  out.push_back({"naming/sync-object-over-mapping", {"naming"},
                 "an event, mutex or semaphore over a mapping's name: 6 ERROR_INVALID_HANDLE", sync_object_over_mapping});
  out.push_back({"naming/malformed-prefix", {"naming"},
                 "a backslash after the prefix, lowercase local\\, an unknown prefix: 3 (POSIX EINVAL)", malformed_prefixes});
  out.push_back({"naming/overlong-name", {"naming"},
                 "a 300-character name: 206 ERROR_FILENAME_EXCED_RANGE with the ANSI function (POSIX ENAMETOOLONG)",
                 overlong_name});
  out.push_back({"naming/global-local-bare", {"naming"},
                 "Global\\x and Local\\x are different objects outside session 0 (one in session 0), a bare x is Local\\x (POSIX: one namespace)",
                 global_local_bare});
  out.push_back({"naming/size-zero", {"naming"},
                 "size 0 for a pagefile section: 87 ERROR_INVALID_PARAMETER (POSIX: an empty object)", size_zero});
  out.push_back({"naming/beyond-4gib", {"naming"},
                 "a section over 4 GiB with a view above 4 GiB through the high DWORD of the offset", beyond_4gib});
}

}  // namespace shmh::scenarios
