// The ring's loops in one process, a writer and a reader thread over two views of one mapping:
// every block arrives intact whatever the publication chunk (one that does not divide the block
// included), the hand-off limit moves every block, and zero-copy reading consumes them all.
#include <gtest/gtest.h>

#include <thread>

#include "harness/platform/shared_memory.h"
#include "harness/platform/wake_signal.h"
#include "harness/protocol/names.h"
#include "harness/role/ring.h"

namespace shmh {
namespace {

class RingTest : public ::testing::Test {
 protected:
  std::string name_ = "Local\\" + make_run_id() + "-ring";
  void TearDown() override { (void)platform::unlink_mapping(name_); }

  // One end of the ring `name_`; the first call creates the mapping.
  std::unique_ptr<RingEnd> attach(std::uint64_t slots, std::uint64_t block, std::uint64_t chunk) {
    platform::Mapping mapping;
    if (!created_) {
      auto created = platform::create_mapping(name_, RingLayout::size(slots, block));
      EXPECT_TRUE(static_cast<bool>(created));
      if (!created) return nullptr;
      mapping = std::move(created.value().mapping);
      created_ = true;
    } else {
      auto opened = platform::open_mapping(name_, platform::Access::write);
      EXPECT_TRUE(static_cast<bool>(opened));
      if (!opened) return nullptr;
      mapping = std::move(opened.value());
    }
    auto view = platform::map_view(mapping, platform::Access::write, 0, static_cast<std::size_t>(RingLayout::size(slots, block)));
    EXPECT_TRUE(static_cast<bool>(view));
    if (!view) return nullptr;
    auto* base = view.value().data();
    auto data = platform::WakeSignal::open(name_ + "-data", reinterpret_cast<std::uint32_t*>(base + RingLayout::kDataWord));
    auto space = platform::WakeSignal::open(name_ + "-space", reinterpret_cast<std::uint32_t*>(base + RingLayout::kSpaceWord));
    EXPECT_TRUE(data && space);
    if (!data || !space) return nullptr;
    auto end = std::make_unique<RingEnd>(std::move(mapping), std::move(view.value()), slots, block, std::move(data.value()),
                                         std::move(space.value()));
    end->set_chunk(chunk);
    return end;
  }

  bool created_ = false;
};

TEST_F(RingTest, EveryBlockArrivesIntactWhateverThePublicationChunk) {
  for (const std::uint64_t chunk : {0ull, 1000ull, 4096ull}) {
    for (const SyncMode mode : {SyncMode::spin, SyncMode::hybrid, SyncMode::blocking}) {
      SCOPED_TRACE("chunk " + std::to_string(chunk) + ", " + sync_mode_name(mode));
      created_ = false;
      auto writer = attach(3, 16384, chunk);
      auto reader = attach(3, 16384, chunk);
      ASSERT_TRUE(writer && reader);
      writer->reset();
      RingEnd::Result wrote, read;
      std::thread producer([&] { wrote = writer->write_blocks(200, mode, true); });
      read = reader->read_blocks(200, mode, true);
      producer.join();
      EXPECT_EQ(wrote.blocks, 200u);
      EXPECT_EQ(read.blocks, 200u);
      EXPECT_EQ(read.mismatches, 0u);
      (void)platform::unlink_mapping(name_);
    }
  }
}

TEST_F(RingTest, VerificationSeesABlockThatIsNotTheExpectedOne) {
  // The check above can fail: the writer here sends its pattern without the sequence number
  // that verification expects in the first 8 bytes of every block, so every block is wrong.
  auto writer = attach(2, 4096, 0);
  auto reader = attach(2, 4096, 0);
  ASSERT_TRUE(writer && reader);
  writer->reset();
  std::thread producer([&] { (void)writer->write_blocks(10, SyncMode::spin, false); });
  const auto read = reader->read_blocks(10, SyncMode::spin, true);
  producer.join();
  EXPECT_EQ(read.mismatches, 10u);
}

TEST_F(RingTest, TheHandOffAndZeroCopyReadingMoveEveryBlock) {
  for (const std::uint64_t chunk : {0ull, 3000ull}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    created_ = false;
    auto writer = attach(2, 65536, chunk);
    auto reader = attach(2, 65536, chunk);
    ASSERT_TRUE(writer && reader);
    writer->reset();
    RingEnd::Result wrote, read;
    std::thread producer([&] { wrote = writer->handoff_write(300); });
    read = reader->handoff_read(300);
    producer.join();
    EXPECT_EQ(read.blocks, 300u);
    EXPECT_GE(read.end_ns, wrote.start_ns);
    writer->reset();
    std::thread again([&] { wrote = writer->write_blocks(300, SyncMode::spin, false); });
    read = reader->read_blocks(300, SyncMode::spin, false, true);
    again.join();
    EXPECT_EQ(read.blocks, 300u);
    EXPECT_EQ(read.mismatches, 0u);
    (void)platform::unlink_mapping(name_);
  }
}

TEST_F(RingTest, TheHandOffRefusesARingOfOneSlot) {
  auto end = attach(1, 4096, 0);
  ASSERT_TRUE(end);
  EXPECT_THROW((void)end->handoff_write(1), std::invalid_argument);
}

}  // namespace
}  // namespace shmh
