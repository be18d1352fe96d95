// `diagnose --open-style` end to end: a role holds a section whose DACL grants Everyone read only
// (POSIX: mode 0644, opened as another uid), and the real binary opens it the way callers do.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/orchestrator/role_client.h"
#include "harness/platform/security.h"
#include "harness/platform/shared_memory.h"
#include "tests/harness_runner.h"

namespace shmh {
namespace {

using namespace std::chrono_literals;
using testing::harness_binary;
using testing::on_windows;
using testing::run_harness;

bool says(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class OpenStyleCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!on_windows()) {
      // root opens anything: the attempts must come from another uid, as access/dacl-read-only does.
      if (auto unavailable = platform::restriction_unavailable(platform::Restriction::other_user)) GTEST_SKIP() << *unavailable;
      restricted_ = {"--as-restricted"};
    }
    holder_ = std::make_unique<RoleClient>(harness_binary(), "holder", nullptr);
    const auto created = holder_->call(cmd::Create{.name = name_, .size = 4096, .sddl = "D:(A;;GR;;;WD)", .mode = 0644}, 10s);
    ASSERT_TRUE(created.ok) << created.api;
    const auto security = holder_->call(cmd::Security{.name = name_}, 10s);
    if (on_windows() && (!security.reply.descriptor || !says(*security.reply.descriptor, "(A;;"))) {
      GTEST_SKIP() << "the section does not carry the read-only DACL asked for: "
                   << security.reply.descriptor.value_or("unreadable");
    }
  }
  void TearDown() override {
    if (holder_) {
      holder_->call(cmd::Close{}, 10s);
      if (!on_windows()) holder_->call(cmd::Unlink{.name = name_}, 10s);
      holder_->finish(5s);
    }
  }
  testing::HarnessRun diagnose(std::vector<std::string> extra) {
    std::vector<std::string> args{"diagnose", "--name", name_};
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), restricted_.begin(), restricted_.end());
    return run_harness(args, 60s);
  }

  std::string name_ = "Local\\shmh-open-style-" + std::to_string(platform::current_process_id());
  std::vector<std::string> restricted_;
  std::unique_ptr<RoleClient> holder_;
};

TEST_F(OpenStyleCli, CreateOrOpenIsDeniedAndTheAdviceNamesTheReadOpen) {
  const auto run = diagnose({"--open-style", "create-or-open"});
  ASSERT_TRUE(run.status);
  EXPECT_EQ(run.status->code, 1) << run.out << run.err;
  EXPECT_TRUE(says(run.out, on_windows() ? "CreateFileMappingW(PAGE_READWRITE, 4096 bytes) -> failed: 5 ERROR_ACCESS_DENIED"
                                        : "shm_open(O_RDWR|O_CREAT (no O_EXCL), mode 0600, 4096 bytes) -> failed: 13 EACCES"))
      << run.out;
  EXPECT_TRUE(says(run.out, on_windows() ? "OpenFileMappingW(FILE_MAP_READ) would succeed" : "shm_open(O_RDONLY) would succeed"))
      << run.out;
}

TEST_F(OpenStyleCli, ReadOpenWorks) {
  const auto run = diagnose({"--open-style", "open", "--access", "read"});
  ASSERT_TRUE(run.status);
  EXPECT_EQ(run.status->code, 0) << run.out << run.err;
}

TEST_F(OpenStyleCli, JsonCarriesTheSameAttemptsAndAdvice) {
  const auto run = diagnose({"--open-style", "create-or-open", "--json"});
  ASSERT_TRUE(run.status);
  EXPECT_EQ(run.status->code, 1) << run.out << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["style"], "create-or-open");
  EXPECT_FALSE(json["works"].get<bool>());
  ASSERT_EQ(json["attempts"].size(), 3u) << json.dump(2);
  const auto& denied = json["attempts"][0]["steps"][0];
  EXPECT_EQ(denied["symbol"], on_windows() ? "ERROR_ACCESS_DENIED" : "EACCES");
  EXPECT_EQ(denied["protection"], "PAGE_READWRITE");
  EXPECT_TRUE(json["attempts"][1]["works"].get<bool>()) << json.dump(2);
  EXPECT_EQ(json["attempts"][1]["steps"][0]["access"], "FILE_MAP_READ");
  EXPECT_FALSE(json["attempts"][2]["works"].get<bool>()) << json.dump(2);
  EXPECT_TRUE(says(json["advice"].dump(), "would succeed")) << json.dump(2);
}

}  // namespace
}  // namespace shmh

namespace shmh {
namespace {

// --who on the same held object: the DACL (POSIX: the mode) read from the object, evaluated.
TEST_F(OpenStyleCli, WhoSaysEveryoneMayReadButNotWrite) {
  const auto run = run_harness({"diagnose", "--name", name_, "--who", "--json"}, 60s);
  ASSERT_TRUE(run.status);
  EXPECT_EQ(run.status->code, 0) << run.out << run.err;
  const auto json = nlohmann::json::parse(run.out);
  const auto& principals = json["principals"];
  ASSERT_FALSE(principals.empty()) << json.dump(2);
  const auto& everyone = on_windows() ? principals[0] : principals.back();  // Everyone / others
  EXPECT_TRUE(everyone["read"].get<bool>()) << json.dump(2);
  EXPECT_FALSE(everyone["write"].get<bool>()) << json.dump(2);
  if (on_windows()) {
    EXPECT_FALSE(everyone["create_or_open"].get<bool>()) << json.dump(2);
  }
}

}  // namespace
}  // namespace shmh
