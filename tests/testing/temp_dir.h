// TempDir: a unique scratch directory under /tmp for one test, removed with everything in it.
#ifndef TRACKER_TESTS_TESTING_TEMP_DIR_H_
#define TRACKER_TESTS_TESTING_TEMP_DIR_H_

#include <filesystem>
#include <string>
#include <string_view>

namespace tracker::testing {

// Creates the directory in the constructor and removes it recursively in the destructor.
// Failures are reported as gtest failures (ADD_FAILURE), so helpers can be used in any test.
// Names passed to the helpers are relative to path() and may contain '/': missing parent
// directories are created.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Creates or truncates path()/name with exactly `bytes`; returns its full path.
  std::filesystem::path WriteFile(std::string_view name, std::string_view bytes) const;
  // Appends `bytes` to path()/name (creating it if missing); returns its full path.
  std::filesystem::path AppendFile(std::string_view name, std::string_view bytes) const;
  // Creates the directory path()/name and its parents; returns its full path.
  std::filesystem::path CreateDir(std::string_view name) const;

 private:
  std::filesystem::path path_;
};

// Returns the whole content of `path`, or "" with a gtest failure if it cannot be read.
std::string ReadFileToString(const std::filesystem::path& path);

}  // namespace tracker::testing

#endif  // TRACKER_TESTS_TESTING_TEMP_DIR_H_
