#include "logreader/logdir.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "testing/temp_dir.h"

namespace tracker {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::vector<std::string> Names(const std::vector<DiscoveredRun>& runs) {
  std::vector<std::string> out;
  for (const auto& r : runs) out.push_back(r.name);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(LogdirSpecTest, NamedAndUnnamedEntries) {
  auto roots = ParseLogdirSpec("exp1:/tmp/a,/tmp/b,exp2:relative/c");
  ASSERT_TRUE(roots.ok()) << roots.status().ToString();
  ASSERT_EQ(roots->size(), 3u);
  EXPECT_EQ((*roots)[0].group, "exp1");
  EXPECT_EQ((*roots)[0].path, fs::path("/tmp/a"));
  EXPECT_EQ((*roots)[1].group, "");
  EXPECT_EQ((*roots)[2].group, "exp2");
  EXPECT_TRUE((*roots)[2].path.is_absolute());
}

TEST(LogdirSpecTest, SplitsAtFirstColonAndKeepsLastNameForDuplicatePath) {
  auto roots = ParseLogdirSpec("a:/tmp/x:y,b:/tmp/x:y");
  ASSERT_TRUE(roots.ok());
  ASSERT_EQ(roots->size(), 1u);
  EXPECT_EQ((*roots)[0].group, "b");
  EXPECT_EQ((*roots)[0].path, fs::path("/tmp/x:y"));
}

TEST(LogdirSpecTest, AbsolutePathWithColonIsUnnamed) {
  auto roots = ParseLogdirSpec("/tmp/with:colon");
  ASSERT_TRUE(roots.ok());
  EXPECT_EQ((*roots)[0].group, "");
}

TEST(LogdirSpecTest, RejectsUrisAndEmpty) {
  EXPECT_FALSE(ParseLogdirSpec("gs://bucket/logs").ok());
  EXPECT_FALSE(ParseLogdirSpec("").ok());
  EXPECT_FALSE(ParseLogdirSpec("name:").ok());
}

TEST(LogdirSpecTest, ExistingDirectoryIsAlwaysAPlainPath) {
  TempDir tmp;
  fs::path odd = tmp.CreateDir("a:b,c");
  auto roots = InterpretLogdirFlag(odd.string());
  ASSERT_TRUE(roots.ok());
  ASSERT_EQ(roots->size(), 1u);
  EXPECT_EQ((*roots)[0].group, "");
  EXPECT_EQ((*roots)[0].path, fs::canonical(odd));
  // Not a directory: the spec grammar.
  auto spec = InterpretLogdirFlag("x:" + tmp.path().string() + "/nope,y:/tmp");
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->size(), 2u);
}

TEST(LogdirTest, EventFileNames) {
  EXPECT_TRUE(IsEventFileName("events.out.tfevents.1714000001.host"));
  EXPECT_TRUE(IsEventFileName("events.out.tfevents"));
  EXPECT_TRUE(IsEventFileName("x.tfevents.y.profile-empty"));
  EXPECT_FALSE(IsLoadableEventFileName("x.tfevents.y.profile-empty"));
  EXPECT_FALSE(IsEventFileName("events.out.tfevent"));
}

TEST(LogdirTest, DiscoversNestedRunsWithTensorBoardNames) {
  TempDir tmp;
  tmp.WriteFile("events.out.tfevents.1.h", "");
  tmp.WriteFile("train/events.out.tfevents.2.h", "");
  tmp.WriteFile("train/inner/deep/events.out.tfevents.3.h", "");
  tmp.WriteFile("no_events/notes.txt", "");
  tmp.WriteFile("profile_only/x.tfevents.profile-empty", "");
  std::vector<std::string> warnings;
  auto runs = DiscoverRuns({"", tmp.path()}, &warnings);
  EXPECT_EQ(Names(runs),
            (std::vector<std::string>{".", "profile_only", "train", "train/inner/deep"}));
  for (const auto& r : runs) {
    if (r.name == "profile_only") EXPECT_TRUE(r.event_files.empty());
  }
  auto named = DiscoverRuns({"exp1", tmp.path()}, &warnings);
  EXPECT_EQ(Names(named), (std::vector<std::string>{"exp1/.", "exp1/profile_only", "exp1/train",
                                                    "exp1/train/inner/deep"}));
}

TEST(LogdirTest, EventFilesSortedByName) {
  TempDir tmp;
  tmp.WriteFile("r/events.out.tfevents.2.h", "");
  tmp.WriteFile("r/events.out.tfevents.10.h", "");
  tmp.WriteFile("r/events.out.tfevents.1.h", "");
  std::vector<std::string> warnings;
  auto runs = DiscoverRuns({"", tmp.path()}, &warnings);
  ASSERT_EQ(runs.size(), 1u);
  std::vector<std::string> names;
  for (const auto& f : runs[0].event_files) names.push_back(f.filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"events.out.tfevents.1.h", "events.out.tfevents.10.h",
                                             "events.out.tfevents.2.h"}));
}

TEST(LogdirTest, FollowsSymlinkedDirectoriesWithoutLooping) {
  TempDir tmp;
  tmp.WriteFile("real/run/events.out.tfevents.1.h", "");
  fs::create_directory_symlink(tmp.path() / "real", tmp.path() / "link");
  fs::create_directory_symlink(tmp.path(), tmp.path() / "real" / "loop");  // a cycle
  std::vector<std::string> warnings;
  auto runs = DiscoverRuns({"", tmp.path()}, &warnings);
  std::vector<std::string> names = Names(runs);
  EXPECT_NE(std::find(names.begin(), names.end(), "real/run"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "link/run"), names.end());
  EXPECT_LT(names.size(), 10u);  // terminated
}

TEST(LogdirTest, MissingRootYieldsWarningNoRuns) {
  std::vector<std::string> warnings;
  auto runs = DiscoverRuns({"", "/nonexistent/tracker/logdir"}, &warnings);
  EXPECT_TRUE(runs.empty());
  EXPECT_EQ(warnings.size(), 1u);
}

TEST(LogdirTest, UnicodeAndSpacesInNames) {
  TempDir tmp;
  tmp.WriteFile("run with spaces ünïcødé 日本語/events.out.tfevents.1.h", "");
  std::vector<std::string> warnings;
  auto runs = DiscoverRuns({"", tmp.path()}, &warnings);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].name, "run with spaces ünïcødé 日本語");
}

}  // namespace
}  // namespace tracker
