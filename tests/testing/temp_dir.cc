#include "testing/temp_dir.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

namespace tracker::testing {
namespace {

std::filesystem::path WriteOrAppend(const std::filesystem::path& dir, std::string_view name,
                                    std::string_view bytes, std::ios::openmode mode) {
  std::filesystem::path path = dir / std::filesystem::path(name);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) ADD_FAILURE() << "cannot create " << path.parent_path() << ": " << ec.message();
  std::ofstream out(path, std::ios::binary | mode);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) ADD_FAILURE() << "cannot write " << path;
  return path;
}

}  // namespace

TempDir::TempDir() {
  // mkdtemp, not a name from a counter or the clock: test binaries run in parallel under ctest.
  std::string templ = (std::filesystem::temp_directory_path() / "tracker_test_XXXXXX").string();
  if (::mkdtemp(templ.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp(" << templ << ") failed: " << std::strerror(errno);
  }
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::WriteFile(std::string_view name, std::string_view bytes) const {
  return WriteOrAppend(path_, name, bytes, std::ios::trunc);
}

std::filesystem::path TempDir::AppendFile(std::string_view name, std::string_view bytes) const {
  return WriteOrAppend(path_, name, bytes, std::ios::app);
}

std::filesystem::path TempDir::CreateDir(std::string_view name) const {
  std::filesystem::path path = path_ / std::filesystem::path(name);
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) ADD_FAILURE() << "cannot create " << path << ": " << ec.message();
  return path;
}

std::string ReadFileToString(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace tracker::testing
