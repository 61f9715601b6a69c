// The answer of TensorBoard's per-plugin `tags` routes (scalars, histograms, distributions,
// images, audio, PR curves), built in one place.
#ifndef TRACKER_PLUGINS_TAGS_INDEX_H_
#define TRACKER_PLUGINS_TAGS_INDEX_H_

#include <cstdint>
#include <functional>
#include <string>

#include "logreader/multiplexer.h"

namespace tracker::plugins {

struct TagsIndexOptions {
  // Which tags belong to the plugin.
  std::function<bool(const TagData&)> is_tag;
  // Whether the plugin reads the tag's content version; unknown versions are left out, but
  // their run is still listed (with {}), as in TensorBoard.
  std::function<bool(const TagData&)> known_version;
  // If set, every entry also gets "samples": samples(tag) (images, audio).
  std::function<int64_t(const TagData&)> samples;
};

// {run: {tag: {"displayName": ..., "description": <the summary description rendered as
// Markdown>[, "samples": n]}}}, runs in the store's order and tags in name order. Written
// straight into the answer: every open page polls these routes.
std::string TagsIndexJson(const Multiplexer& store, const TagsIndexOptions& options);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_TAGS_INDEX_H_
