// The object namespace against the real OS, with role processes as the holders: both holders
// listed with their access, near misses named, and watching never keeping an object alive.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "harness/orchestrator/namespace_evidence.h"
#include "harness/orchestrator/role_client.h"
#include "harness/platform/handles.h"
#include "harness/platform/object_namespace.h"
#include "harness/platform/shared_memory.h"
#include "harness/protocol/names.h"
#include "reports/json_report.h"
#include "tests/harness_runner.h"

namespace shmh {
namespace {

using namespace std::chrono_literals;
using testing::harness_binary;
using testing::on_windows;

platform::NamespaceSnapshot snapshot(platform::NamespaceScope scope = platform::NamespaceScope::own_and_global) {
  platform::NamespaceQuery query;
  query.scope = scope;
  auto result = platform::snapshot_namespace(query);
  if (!result) throw std::runtime_error(result.error().describe());
  return std::move(result.value());
}

// The listed object `name` names exactly, or nullptr.
const platform::NamedObject* exact(const platform::NamespaceSnapshot& s, const std::string& name) {
  const auto related = platform::related_objects(s, name);
  return !related.empty() && related.front().kind == platform::NearMiss::exact ? related.front().object : nullptr;
}

const platform::ObjectHolder* holder(const platform::NamedObject& o, std::int64_t pid) {
  for (const auto& h : o.holders) {
    if (h.pid == pid) return &h;
  }
  return nullptr;
}

class Namespace : public ::testing::Test {
 protected:
  std::string base_ = make_run_id() + "-ns";
  std::string name_ = "Local\\" + base_;
  void TearDown() override { (void)platform::unlink_mapping(name_); }
};

TEST_F(Namespace, ASectionHeldByTwoRolesListsBothPidsWithTheirAccess) {
  RoleClient creator(harness_binary(), "creator", nullptr);
  RoleClient reader(harness_binary(), "reader", nullptr);
  ASSERT_TRUE(creator.call(cmd::Create{.name = name_, .size = 8192}, 20s).ok);
  ASSERT_TRUE(reader.call(cmd::Open{.name = name_, .access = "read"}, 20s).ok);
  ASSERT_TRUE(reader.call(cmd::Map{.access = "read"}, 20s).ok);

  const auto s = snapshot();
  const auto* object = exact(s, name_);
  ASSERT_NE(object, nullptr) << "not listed in any of " << s.directories.size() << " directories";
  EXPECT_EQ(object->type, on_windows() ? "section" : "shared-memory object");
  ASSERT_TRUE(object->size);
  EXPECT_GE(*object->size, 8192u);
  const auto* a = holder(*object, creator.pid());
  const auto* b = holder(*object, reader.pid());
  ASSERT_NE(a, nullptr) << "the creator (pid " << creator.pid() << ") is not among " << object->holders.size() << " holders";
  ASSERT_NE(b, nullptr) << "the reader (pid " << reader.pid() << ") is not among " << object->holders.size() << " holders";
  if (on_windows()) {
    EXPECT_NE(a->access.find("FILE_MAP_WRITE"), std::string::npos) << a->access;  // alone or as part of the next
    EXPECT_EQ(b->access, "FILE_MAP_READ");
  } else {
    EXPECT_EQ(a->access, "O_RDWR");
    EXPECT_EQ(b->access, "O_RDONLY, mapped r--s");
  }
  EXPECT_FALSE(a->image.empty());
}

TEST_F(Namespace, NearMissesAcrossNamespacesTypesAndCaseAreNamed) {
  RoleClient creator(harness_binary(), "creator", nullptr);
  ASSERT_TRUE(creator.call(cmd::Create{.name = name_, .size = 4096}, 20s).ok);
  const std::string event_base = base_ + "-event";
  std::string sem_file;
  if (on_windows()) {
    ASSERT_TRUE(creator.call(cmd::CreateSync{.kind = "event", .name = "Local\\" + event_base}, 20s).ok);
  } else {
    // A POSIX named semaphore is the file sem.NAME in /dev/shm (glibc); POSIX keeps it apart.
    sem_file = "/dev/shm/sem." + event_base;
    std::ofstream(sem_file) << "";
  }
  const auto s = snapshot(platform::NamespaceScope::all);

  const auto global = platform::related_objects(s, "Global\\" + base_);
  ASSERT_FALSE(global.empty());
  if (!s.one_namespace) {
    EXPECT_EQ(global.front().kind, platform::NearMiss::other_namespace) << platform::near_miss_name(global.front().kind);
    EXPECT_EQ(global.front().object->name, name_);
  } else {
    // One namespace (POSIX, Windows session 0): Global\ names the very same object.
    EXPECT_EQ(global.front().kind, platform::NearMiss::exact);
  }
  std::string upper = base_;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto cased = platform::related_objects(s, "Local\\" + upper);
  ASSERT_EQ(cased.size(), 1u);
  EXPECT_EQ(cased[0].kind, platform::NearMiss::other_case);

  const auto typed = platform::related_objects(s, "Local\\" + event_base);
  if (!sem_file.empty()) std::remove(sem_file.c_str());
  ASSERT_EQ(typed.size(), 1u);
  EXPECT_EQ(typed[0].kind, platform::NearMiss::other_type);
  EXPECT_EQ(typed[0].object->type, on_windows() ? "event" : "semaphore");
}

TEST_F(Namespace, ListingLeavesNoHandleBehind) {
  RoleClient creator(harness_binary(), "creator", nullptr);
  ASSERT_TRUE(creator.call(cmd::Create{.name = name_, .size = 4096}, 20s).ok);
  (void)snapshot(platform::NamespaceScope::all);  // first use: loads what the OS loads once
  const auto before = platform::process_handle_count();
  ASSERT_TRUE(before) << before.error().describe();
  for (int i = 0; i < 5; ++i) ASSERT_NE(exact(snapshot(platform::NamespaceScope::all), name_), nullptr);
  const auto after = platform::process_handle_count();
  ASSERT_TRUE(after);
  EXPECT_EQ(after.value(), before.value());
}

TEST_F(Namespace, AnObjectNobodyHoldsIsGoneAfterItsLastHolderExitsWhileNamesWatches) {
  RoleClient creator(harness_binary(), "creator", nullptr);
  ASSERT_TRUE(creator.call(cmd::Create{.name = name_, .size = 4096}, 20s).ok);
  std::atomic<bool> stop{false};
  std::atomic<int> rounds{0}, seen{0};
  std::thread watcher([&] {
    while (!stop) {
      platform::NamespaceQuery query;
      query.scope = platform::NamespaceScope::all;
      if (auto s = platform::snapshot_namespace(query); s && exact(s.value(), name_) != nullptr) ++seen;
      ++rounds;
    }
  });
  while (rounds < 2) std::this_thread::sleep_for(10ms);
  // The last real holder goes: on POSIX the name must be unlinked as well (it outlives handles).
  if (!on_windows()) {
    ASSERT_TRUE(creator.call(cmd::Unlink{.name = name_}, 20s).ok);
  }
  const auto status = creator.finish(20s);
  EXPECT_TRUE(status.clean()) << status.describe();
  // A watcher's duplicate lives for one NtQueryObject at most, so the object is gone at once or
  // after that one query; a leaked duplicate would keep it for the whole deadline.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  bool gone = false;
  while (!gone && std::chrono::steady_clock::now() < deadline) {
    gone = !platform::open_mapping(name_, platform::Access::read);
    if (!gone) std::this_thread::sleep_for(5ms);
  }
  // Let the watcher run whole rounds after the object went: they must not see it.
  const int seen_when_gone = seen;
  const int rounds_when_gone = rounds;
  while (rounds < rounds_when_gone + 2 && std::chrono::steady_clock::now() < deadline + 10s) std::this_thread::sleep_for(5ms);
  const int rounds_after = rounds;
  stop = true;
  watcher.join();
  EXPECT_TRUE(gone) << name_ << " still opens 5 s after its last holder exited, while being watched";
  EXPECT_GT(seen_when_gone, 0) << "the watcher never saw the object, so it proved nothing";
  EXPECT_GE(rounds_after, rounds_when_gone + 2) << "the watcher did not keep running after the holder exited";
  // The round in flight when it went may have read the directory before; the next one may not.
  EXPECT_LE(seen.load(), seen_when_gone + 1) << "a round that began after the object was gone still listed it";
  // And it stays gone: later rounds do not bring it back.
  EXPECT_FALSE(platform::open_mapping(name_, platform::Access::read));
  EXPECT_EQ(exact(snapshot(), name_), nullptr);
}

TEST_F(Namespace, AFailureOnANameCarriesWhatExistedAndWhoHeldItIntoTheReport) {
  RoleClient creator(harness_binary(), "creator", nullptr);
  ASSERT_TRUE(creator.call(cmd::Create{.name = name_, .size = 4096}, 20s).ok);
  report::Observation failed_open;
  failed_open.api = on_windows() ? "OpenFileMappingW" : "shm_open";
  failed_open.name = "Global\\" + base_;
  failed_open.error = on_windows() ? report::ErrorInfo{2, "ERROR_FILE_NOT_FOUND", ""} : report::ErrorInfo{2, "ENOENT", ""};
  report::Observation fine;
  fine.name = name_;
  fine.ok = true;
  EXPECT_TRUE(namespace_evidence({fine}).is_null()) << "no call failed on a name";

  report::ScenarioResult result;
  result.id = "unit/evidence";
  result.namespace_snapshot = namespace_evidence({fine, failed_open});
  ASSERT_TRUE(result.namespace_snapshot.is_array());
  ASSERT_EQ(result.namespace_snapshot.size(), 1u);
  const auto& entry = result.namespace_snapshot[0];
  EXPECT_EQ(entry.at("name"), failed_open.name);
  ASSERT_FALSE(entry.at("related").empty()) << entry.dump();
  const auto& related = entry.at("related")[0];
  EXPECT_EQ(related.at("base_name"), base_);
  bool held = false;
  for (const auto& h : related.at("holders")) held = held || h.at("pid") == creator.pid();
  EXPECT_TRUE(held) << related.dump();
  // It survives the report's JSON round trip.
  report::Report r;
  r.scenarios.push_back(result);
  EXPECT_EQ(report::report_from_json(report::to_json(r)).scenarios.at(0).namespace_snapshot, result.namespace_snapshot);
}

TEST(NamesCommand, JsonListsTheObjectWithItsHolderAndBadUsageExitsTwo) {
  const std::string base = make_run_id() + "-cli";
  RoleClient creator(harness_binary(), "creator", nullptr);
  ASSERT_TRUE(creator.call(cmd::Create{.name = "Local\\" + base, .size = 4096}, 20s).ok);
  const auto run = testing::run_harness({"names", "--match", base, "--json"});
  if (!on_windows()) (void)platform::unlink_mapping("Local\\" + base);
  ASSERT_TRUE(run.status && run.status->clean()) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  EXPECT_EQ(j.at("schema_version"), 1);
  ASSERT_EQ(j.at("objects").size(), 1u) << run.out;
  const auto& o = j.at("objects")[0];
  EXPECT_EQ(o.at("base_name"), base);
  bool held = false;
  for (const auto& h : o.at("holders")) held = held || h.at("pid") == creator.pid();
  EXPECT_TRUE(held) << run.out;

  const auto bad = testing::run_harness({"names", "--type", "file"});
  ASSERT_TRUE(bad.status);
  EXPECT_EQ(bad.status->code, 2);
  EXPECT_NE(bad.err.find("invalid --type 'file'"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace shmh
