#include "logreader/multiplexer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "testing/event_builder.h"
#include "testing/temp_dir.h"

namespace tracker {
namespace {

using namespace tracker::testing;
namespace fs = std::filesystem;

std::vector<std::string> RunNames(const Multiplexer& m) {
  std::vector<std::string> out;
  for (const auto& r : m.Runs()) out.push_back(r->name());
  return out;
}

size_t Count(const Multiplexer& m, std::string_view run, std::string_view tag) {
  auto r = m.FindRun(run);
  if (r == nullptr) return 0;
  return r->Read([&](const RunData& d) {
    const TagData* t = d.FindTag(tag);
    return t == nullptr ? size_t{0} : t->size();
  });
}

MultiplexerOptions Options(int threads = 2) { return {*SamplesPerPlugin::Parse(""), threads}; }

TEST(MultiplexerTest, RunsOrderedByFirstEventTimeThenName) {
  TempDir tmp;
  tmp.WriteFile("b/events.out.tfevents.1.h", Records({FileVersionEvent(100)}));
  tmp.WriteFile("a/events.out.tfevents.1.h", Records({FileVersionEvent(200)}));
  tmp.WriteFile("c/events.out.tfevents.1.h", Records({FileVersionEvent(100)}));
  tmp.WriteFile("empty/events.out.tfevents.1.h", "");
  Multiplexer m({{"", tmp.path()}}, Options());
  m.Reload();
  EXPECT_EQ(RunNames(m), (std::vector<std::string>{"b", "c", "a", "empty"}));
}

TEST(MultiplexerTest, NewRunsAndDataArePickedUpOnReload) {
  TempDir tmp;
  tmp.WriteFile("train/events.out.tfevents.1.h",
                Records({FileVersionEvent(), SimpleValueEvent("loss", 0, 1)}));
  Multiplexer m({{"", tmp.path()}}, Options());
  m.Reload();
  EXPECT_EQ(RunNames(m), (std::vector<std::string>{"train"}));
  tmp.AppendFile("train/events.out.tfevents.1.h", Record(SimpleValueEvent("loss", 1, 1)));
  tmp.WriteFile("eval/events.out.tfevents.1.h", Records({FileVersionEvent(5)}));
  m.Reload();
  EXPECT_EQ(Count(m, "train", "loss"), 2u);
  EXPECT_NE(m.FindRun("eval"), nullptr);
}

TEST(MultiplexerTest, RunWhoseDirectoryDisappearsIsDropped) {
  TempDir tmp;
  tmp.WriteFile("gone/events.out.tfevents.1.h", Records({SimpleValueEvent("x", 0, 1)}));
  tmp.WriteFile("kept/events.out.tfevents.1.h", Records({SimpleValueEvent("x", 0, 1)}));
  Multiplexer m({{"", tmp.path()}}, Options());
  m.Reload();
  ASSERT_EQ(m.Runs().size(), 2u);
  fs::remove_all(tmp.path() / "gone");
  m.Reload();
  EXPECT_EQ(RunNames(m), (std::vector<std::string>{"kept"}));
}

TEST(MultiplexerTest, NamedRootsAndMissingRootIsWaitedFor) {
  TempDir tmp;
  tmp.WriteFile("a/events.out.tfevents.1.h", Records({FileVersionEvent(1)}));
  const fs::path later = tmp.path() / "later";
  Multiplexer m({{"exp1", tmp.path() / "a"}, {"exp2", later}}, Options());
  m.Reload();
  EXPECT_EQ(RunNames(m), (std::vector<std::string>{"exp1/."}));
  tmp.WriteFile("later/run/events.out.tfevents.1.h", Records({FileVersionEvent(2)}));
  m.Reload();
  EXPECT_EQ(RunNames(m), (std::vector<std::string>{"exp1/.", "exp2/run"}));
}

TEST(MultiplexerTest, ReadersSeeDataWhileTheLoaderWrites) {
  TempDir tmp;
  std::string bytes = Records({FileVersionEvent()});
  for (int s = 0; s < 200000; ++s) bytes += Record(SimpleValueEvent("loss", s, s));
  tmp.WriteFile("r/events.out.tfevents.1.h", bytes);
  Multiplexer m({{"", tmp.path()}}, Options(1));
  std::atomic<bool> done{false};
  std::thread loader([&] {
    m.Reload();
    done = true;
  });
  // Concurrent readers must always see a consistent, growing series.
  size_t last = 0;
  while (!done) {
    size_t now = Count(m, "r", "loss");
    EXPECT_GE(now, last);
    last = now;
  }
  loader.join();
  EXPECT_EQ(Count(m, "r", "loss"), 200000u);
}

TEST(MultiplexerTest, BackgroundReloadingPicksUpAppends) {
  TempDir tmp;
  tmp.WriteFile("r/events.out.tfevents.1.h", Records({FileVersionEvent()}));
  Multiplexer m({{"", tmp.path()}}, Options());
  m.StartReloading(0.05);
  m.WaitForFirstLoad();
  tmp.AppendFile("r/events.out.tfevents.1.h", Record(SimpleValueEvent("loss", 0, 1)));
  for (int i = 0; i < 200 && Count(m, "r", "loss") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(Count(m, "r", "loss"), 1u);
  m.Stop();
}

TEST(MultiplexerTest, InotifyPicksUpChangesLongBeforeThePollInterval) {
  TempDir tmp;
  tmp.WriteFile("r/events.out.tfevents.1.h", Records({FileVersionEvent()}));
  Multiplexer m({{"", tmp.path()}}, Options());
  m.StartReloading(60);  // a poll would come only after a minute
  m.WaitForFirstLoad();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let the watcher start
  const auto start = std::chrono::steady_clock::now();
  tmp.AppendFile("r/events.out.tfevents.1.h", Record(SimpleValueEvent("loss", 0, 1)));
  tmp.WriteFile("new_run/events.out.tfevents.1.h", Records({SimpleValueEvent("x", 0, 1)}));
  while (Count(m, "new_run", "x") == 0 &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(Count(m, "r", "loss"), 1u);
  EXPECT_EQ(Count(m, "new_run", "x"), 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1500));
  m.Stop();
}

TEST(MultiplexerTest, ChangesSinceNamesRunsAndTags) {
  TempDir tmp;
  tmp.WriteFile("a/events.out.tfevents.1.h",
                Records({SimpleValueEvent("loss", 0, 1), SimpleValueEvent("acc", 0, 1)}));
  tmp.WriteFile("b/events.out.tfevents.1.h", Records({SimpleValueEvent("x", 0, 1)}));
  Multiplexer m({{"", tmp.path()}}, Options());
  m.Reload();
  StoreChanges all = m.ChangesSince(0);
  EXPECT_EQ(all.runs.size(), 2u);
  EXPECT_EQ(all.runs["a"], (std::vector<std::string>{"acc", "loss"}));
  const uint64_t g = m.generation();
  m.Reload();
  EXPECT_EQ(m.generation(), g);  // nothing new: same generation
  EXPECT_TRUE(m.ChangesSince(g).runs.empty());

  tmp.AppendFile("a/events.out.tfevents.1.h", Record(SimpleValueEvent("loss", 1, 1)));
  fs::remove_all(tmp.path() / "b");
  m.Reload();
  StoreChanges next = m.ChangesSince(g);
  EXPECT_GT(next.generation, g);
  ASSERT_EQ(next.runs.size(), 1u);
  EXPECT_EQ(next.runs["a"], (std::vector<std::string>{"loss"}));
  EXPECT_EQ(next.removed_runs, (std::vector<std::string>{"b"}));
}

}  // namespace
}  // namespace tracker
