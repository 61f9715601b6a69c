#include "http/disk_assets.h"

#include <fstream>
#include <sstream>
#include <system_error>

#include "http/content_type.h"
#include "http/etag.h"

namespace tracker::http {
namespace {

constexpr uintmax_t kMaxFileSize = 256u << 20;

// Whether `path` ("/a/b.js") is made of plain name segments only.
bool IsPlainPath(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    const std::string_view segment = path.substr(0, slash);
    if (segment.empty() || segment == "." || segment == "..") return false;
    if (segment.find('\\') != std::string_view::npos ||
        segment.find('\0') != std::string_view::npos) {
      return false;
    }
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

}  // namespace

DiskAssets::DiskAssets(std::filesystem::path root) {
  std::error_code ec;
  root_ = std::filesystem::canonical(root, ec);
  if (ec) root_ = std::filesystem::absolute(root, ec).lexically_normal();
}

std::optional<Asset> DiskAssets::Find(std::string_view path) const {
  if (!IsPlainPath(path)) return std::nullopt;
  std::error_code ec;
  // The segments are plain names, but one of them may be a symlink that leads out: resolve it
  // and check that the file is still below the root.
  const std::filesystem::path file =
      std::filesystem::canonical(root_ / std::filesystem::path(path.substr(1)), ec);
  if (ec) return std::nullopt;
  const std::filesystem::path rel = file.lexically_relative(root_);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  if (!std::filesystem::is_regular_file(file, ec) || ec) return std::nullopt;
  const uintmax_t size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxFileSize) return std::nullopt;

  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto owner = std::make_shared<const std::string>(std::move(bytes).str());
  return Asset{std::string(ContentTypeForPath(path)), ETagFor(*owner), *owner, {}, owner};
}

}  // namespace tracker::http
