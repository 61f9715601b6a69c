// Blob keys: TensorBoard's opaque handles for one blob (an image or audio clip) of a blob
// sequence, how a blob-sequence tag is listed with them, and how a key is resolved to bytes.
#ifndef TRACKER_PLUGINS_BLOB_KEY_H_
#define TRACKER_PLUGINS_BLOB_KEY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "logreader/multiplexer.h"
#include "logreader/run_data.h"
#include "plugins/plugin.h"
#include "status.h"

namespace tracker::plugins {

// The decoded contents of a key. experiment_id is always "" for keys we make (the local data
// provider has one experiment), but a key from elsewhere may carry one.
struct BlobKey {
  std::string experiment_id;
  std::string plugin;
  std::string run;
  std::string tag;
  int64_t step = 0;
  int64_t index = 0;  // position in the stored string tensor (sample + 2 for images)
};

// URL-safe base64 without padding of the compact JSON array
// [experiment_id, plugin, run, tag, step, index], spelled exactly as Python's
// json.dumps(..., separators=(",", ":")) does with ensure_ascii (non-ASCII as \uXXXX, astral
// characters as surrogate pairs), so keys match TensorBoard's byte for byte (spec §7.5), e.g.
// ("images", "train", "samples", 0, 2) -> "WyIiLCJpbWFnZXMiLCJ0cmFpbiIsInNhbXBsZXMiLDAsMl0".
// A byte that is not valid UTF-8 (a run directory named in another encoding) is written as the
// lone surrogate \udcNN, as Python's file-system decoding would have made it; ParseBlobKey
// turns it back into the byte, so every name round-trips.
std::string MakeBlobKey(std::string_view plugin, std::string_view run, std::string_view tag,
                        int64_t step, int64_t index);

// Inverse of MakeBlobKey. Accepts padded or unpadded, URL-safe or standard base64, and JSON
// whitespace. Anything that is not a 6-element array of four strings and two integers is
// InvalidArgument (TensorBoard crashes with a 500; we answer 400).
StatusOr<BlobKey> ParseBlobKey(std::string_view key);

// The content type of a blob from its magic bytes: image/png, image/jpeg, image/gif,
// image/bmp, audio/wav (RIFF....WAVE), else application/octet-stream.
std::string SniffContentType(std::string_view bytes);

// One step of a blob-sequence tag, as TensorBoard's data provider lists it: the step's blobs are
// MakeBlobKey(plugin, run, tag, step, i) for i in [0, length).
struct BlobSequenceStep {
  double wall_time = 0;
  int64_t step = 0;
  int64_t length = 0;  // elements of the stored tensor's shape (images: 2 + number of images)
};

// TensorBoard's read_blob_sequences for one tag: the first stored event of each step (later
// duplicates from restarts are ignored), ordered by step, then downsampled to `limit` items
// (spec §5.4; SamplesPerPlugin::kNoLimit keeps all). Call under the run's lock.
std::vector<BlobSequenceStep> ReadBlobSequence(const TagData& tag, size_t limit);

// The largest number of blobs of any stored step of the tag (0 when nothing is stored): the
// "samples" of the images and audio tags routes. Call under the run's lock.
int64_t MaxBlobSequenceLength(const TagData& tag);

// Whether a tag is a blob sequence of `plugin` (its first metadata names the plugin and has the
// blob-sequence data class), i.e. visible to the images or audio routes.
bool IsBlobSequenceOf(const TagData& tag, std::string_view plugin);

// The `sample` query parameter of the images and audio routes: which blob of each step to list.
// Absent -> 0. Parsed like Python's int() (surrounding whitespace, a sign, '_' between digits);
// anything else, or a negative sample, is InvalidArgument (TensorBoard answers 500 for the
// former and indexes from the end for the latter).
StatusOr<int64_t> ParseSampleParam(const Request& request);

// TensorBoard's read_blob: element `index` (Python indexing: negative counts from the end) of
// the first stored event at the key's step of the key's run and tag. The tag must have the
// blob-sequence data class; the key's plugin is not checked, as in TensorBoard. Errors:
// malformed key -> InvalidArgument; unknown run, tag or index -> NotFound "<key>";
// no such step -> NotFound "<key>: no such step <n>".
StatusOr<std::string> ReadBlob(const Multiplexer& store, std::string_view key);

}  // namespace tracker::plugins

#endif  // TRACKER_PLUGINS_BLOB_KEY_H_
