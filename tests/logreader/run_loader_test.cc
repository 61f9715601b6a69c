#include "logreader/run_loader.h"

#include <gtest/gtest.h>

#include <shared_mutex>

#include "testing/event_builder.h"
#include "testing/temp_dir.h"

namespace tracker {
namespace {

using namespace tracker::testing;
namespace fs = std::filesystem;

class RunLoaderTest : public ::testing::Test {
 protected:
  size_t Count(std::string_view tag) const {
    const TagData* t = data_.FindTag(tag);
    return t == nullptr ? 0 : t->size();
  }
  void Poll(const std::vector<fs::path>& files) { loader_.Poll(files, &mu_, &data_, &seq_); }

  TempDir tmp_;
  SamplesPerPlugin samples_ = *SamplesPerPlugin::Parse("");
  std::shared_mutex mu_;
  std::atomic<uint64_t> seq_{0};
  RunData data_{&samples_};
  RunLoader loader_{tmp_.path()};
};

TEST_F(RunLoaderTest, GrowingFileHalfARecordThenTheRest) {
  const std::string head = Records({FileVersionEvent(), SimpleValueEvent("loss", 0, 1)});
  const std::string next = Record(SimpleValueEvent("loss", 1, 2));
  fs::path file = tmp_.WriteFile("events.out.tfevents.1.h", head + next.substr(0, next.size() / 2));
  Poll({file});
  EXPECT_EQ(Count("loss"), 1u);
  auto stats = loader_.FileStats();
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0].state, FileState::kWaiting);
  EXPECT_EQ(stats[0].records, 2u);

  tmp_.AppendFile("events.out.tfevents.1.h", next.substr(next.size() / 2));
  Poll({file});
  EXPECT_EQ(Count("loss"), 2u);  // exactly one new event
  stats = loader_.FileStats();
  EXPECT_EQ(stats[0].state, FileState::kOk);
  EXPECT_EQ(stats[0].records, 3u);
  Poll({file});
  EXPECT_EQ(Count("loss"), 2u);
}

TEST_F(RunLoaderTest, EveryFileIsFollowedInNameOrder) {
  fs::path a = tmp_.WriteFile("events.out.tfevents.1.h",
                              Records({FileVersionEvent(), SimpleValueEvent("x", 0, 1)}));
  fs::path b = tmp_.WriteFile("events.out.tfevents.2.h",
                              Records({FileVersionEvent(), SimpleValueEvent("x", 1, 1)}));
  Poll({a, b});
  EXPECT_EQ(Count("x"), 2u);
  // Appending to the older file is read too (TensorBoard would ignore it).
  tmp_.AppendFile("events.out.tfevents.1.h", Record(SimpleValueEvent("y", 0, 1)));
  Poll({a, b});
  EXPECT_EQ(Count("y"), 1u);
  auto stats = loader_.FileStats();
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(stats[0].path, fs::path("events.out.tfevents.1.h"));
  EXPECT_EQ(stats[0].records, 3u);
}

TEST_F(RunLoaderTest, CancelledPollStopsAndTheNextGoesOn) {
  fs::path file = tmp_.WriteFile("events.out.tfevents.1.h",
                                 Records({FileVersionEvent(), SimpleValueEvent("x", 0, 1)}));
  // Shutdown: a cancelled poll reads nothing more.
  const std::atomic<bool> cancelled{true};
  EXPECT_FALSE(loader_.Poll({file}, &mu_, &data_, &seq_, &cancelled));
  EXPECT_EQ(Count("x"), 0u);
  // Nothing is lost for a later poll.
  Poll({file});
  EXPECT_EQ(Count("x"), 1u);
}

TEST_F(RunLoaderTest, CorruptPayloadIsSkippedAndCounted) {
  std::string bytes = Records({FileVersionEvent(), SimpleValueEvent("x", 0, 1)});
  std::string bad = Record(SimpleValueEvent("x", 1, 1));
  bad[14] ^= 0x40;  // inside the payload: payload CRC mismatch
  bytes += bad + Record(SimpleValueEvent("x", 2, 1));
  fs::path f = tmp_.WriteFile("events.out.tfevents.1.h", bytes);
  Poll({f});
  EXPECT_EQ(Count("x"), 2u);
  auto stats = loader_.FileStats();
  EXPECT_EQ(stats[0].records, 3u);
  EXPECT_EQ(stats[0].skipped, 1u);
  EXPECT_EQ(stats[0].state, FileState::kOk);
}

TEST_F(RunLoaderTest, UnparsablePayloadWithValidCrcIsSkipped) {
  std::string bytes = Records({FileVersionEvent()});
  AppendRecord(&bytes, std::string("\xff\xff\xff\xff", 4));  // not an Event
  bytes += Record(SimpleValueEvent("x", 2, 1));
  fs::path f = tmp_.WriteFile("events.out.tfevents.1.h", bytes);
  Poll({f});
  EXPECT_EQ(Count("x"), 1u);
  EXPECT_EQ(loader_.FileStats()[0].skipped, 1u);
}

TEST_F(RunLoaderTest, GarbageFileIsDeadOthersGoOn) {
  fs::path junk = tmp_.WriteFile("events.out.tfevents.0.h", std::string(100, 'z'));
  fs::path good = tmp_.WriteFile("events.out.tfevents.1.h", Records({SimpleValueEvent("x", 0, 1)}));
  Poll({junk, good});
  auto stats = loader_.FileStats();
  EXPECT_EQ(stats[0].state, FileState::kDead);
  EXPECT_EQ(stats[1].state, FileState::kOk);
  EXPECT_EQ(Count("x"), 1u);
}

TEST_F(RunLoaderTest, ReplacedFileIsReadFromTheStart) {
  fs::path f = tmp_.WriteFile("events.out.tfevents.1.h",
                              Records({SimpleValueEvent("x", 0, 1), SimpleValueEvent("x", 1, 1)}));
  Poll({f});
  fs::remove(f);
  tmp_.WriteFile("events.out.tfevents.1.h", Records({SimpleValueEvent("z", 5, 1)}));
  Poll({f});
  EXPECT_EQ(Count("z"), 1u);
}

TEST_F(RunLoaderTest, DeletedFileIsDroppedDataStays) {
  fs::path f = tmp_.WriteFile("events.out.tfevents.1.h", Records({SimpleValueEvent("x", 0, 1)}));
  Poll({f});
  fs::remove(f);
  Poll({});
  EXPECT_TRUE(loader_.FileStats().empty());
  EXPECT_EQ(Count("x"), 1u);
}

}  // namespace
}  // namespace tracker
