// Tests of blob keys, the images plugin and the audio plugin: TensorBoard's answers for the
// corpus (blobs compared by SHA-256, as golden.py does) and the edge cases around them.
#include "plugins/images_plugin.h"

#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "logreader/logdir.h"
#include "logreader/multiplexer.h"
#include "plugins/audio_plugin.h"
#include "plugins/blob_key.h"
#include "tensorboard/plugins/audio.pb.h"
#include "tensorboard/plugins/image.pb.h"
#include "testing/event_builder.h"
#include "testing/golden.h"
#include "testing/temp_dir.h"

namespace tracker::plugins {
namespace {

using ::tracker::testing::Call;
using ::tracker::testing::CorpusContext;
using ::tracker::testing::Golden;
using ::tracker::testing::JsonMatches;

// --- A small SHA-256 (FIPS 180-4), only to compare blobs with the goldens' hashes -------------

std::string Sha256Hex(std::string_view data) {
  static constexpr uint32_t k[64] = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
      0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
      0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
      0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
      0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
      0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
      0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
      0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
      0xc67178f2};
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::string msg(data);
  const uint64_t bit_length = static_cast<uint64_t>(data.size()) * 8;
  msg.push_back(static_cast<char>(0x80));
  while (msg.size() % 64 != 56) msg.push_back('\0');
  for (int i = 7; i >= 0; --i) msg.push_back(static_cast<char>((bit_length >> (8 * i)) & 0xff));
  auto rotr = [](uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
  for (size_t block = 0; block < msg.size(); block += 64) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i) {
      const auto* p = reinterpret_cast<const unsigned char*>(msg.data() + block + 4 * i);
      w[i] = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
    }
    for (int i = 16; i < 64; ++i) {
      const uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; ++i) {
      const uint32_t t1 =
          hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
      const uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
  }
  char hex[65];
  for (int i = 0; i < 8; ++i) std::snprintf(hex + 8 * i, 9, "%08x", h[i]);
  return std::string(hex, 64);
}

TEST(BlobKeySha256Test, KnownAnswers) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(std::string(1000, 'a')),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

// --- Blob keys ----------------------------------------------------------------------------

TEST(BlobKeyTest, SpecExample) {
  EXPECT_EQ(MakeBlobKey("images", "train", "samples", 0, 2),
            "WyIiLCJpbWFnZXMiLCJ0cmFpbiIsInNhbXBsZXMiLDAsMl0");
  auto key = ParseBlobKey("WyIiLCJpbWFnZXMiLCJ0cmFpbiIsInNhbXBsZXMiLDAsMl0");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->experiment_id, "");
  EXPECT_EQ(key->plugin, "images");
  EXPECT_EQ(key->run, "train");
  EXPECT_EQ(key->tag, "samples");
  EXPECT_EQ(key->step, 0);
  EXPECT_EQ(key->index, 2);
}

// Expected keys computed with Python: base64.urlsafe_b64encode(json.dumps(t, separators=(",",
// ":")).encode("ascii")).rstrip(b"=").
TEST(BlobKeyTest, UnicodeMatchesPythonEnsureAscii) {
  const std::string run =
      "run with spaces \xc3\xbcn\xc3\xaf"
      "c\xc3\xb8"
      "d\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e";
  const std::string tag = "\xe6\x90\x8d\xe5\xa4\xb1 (loss) \xf0\x9f\x98\x80";  // astral: surrogates
  const std::string key = MakeBlobKey("images", run, tag, -7, 3);
  EXPECT_EQ(key,
            "WyIiLCJpbWFnZXMiLCJydW4gd2l0aCBzcGFjZXMgXHUwMGZjblx1MDBlZmNcdTAwZjhkXHUwMGU5IFx1NjVlNV"
            "x1NjcyY1x1OGE5ZSIsIlx1NjQwZFx1NTkzMSAobG9zcykgXHVkODNkXHVkZTAwIiwtNywzXQ");
  auto parsed = ParseBlobKey(key);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->run, run);
  EXPECT_EQ(parsed->tag, tag);
  EXPECT_EQ(parsed->step, -7);
  EXPECT_EQ(parsed->index, 3);
}

TEST(BlobKeyTest, EscapesAndExtremesRoundTrip) {
  const std::string run = "a\"b\\c\n\x7f\x01";
  const std::string key = MakeBlobKey("audio", run, "t", INT64_MAX, 0);
  EXPECT_EQ(key,
            "WyIiLCJhdWRpbyIsImFcImJcXGNcblx1MDA3Zlx1MDAwMSIsInQiLDkyMjMzNzIwMzY4NTQ3NzU4MDcsMF0");
  auto parsed = ParseBlobKey(key);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->plugin, "audio");
  EXPECT_EQ(parsed->run, run);
  EXPECT_EQ(parsed->step, INT64_MAX);
  auto min = ParseBlobKey(MakeBlobKey("images", "r", "t", INT64_MIN, -1));
  ASSERT_TRUE(min.ok());
  EXPECT_EQ(min->step, INT64_MIN);
  EXPECT_EQ(min->index, -1);
}

// A run directory whose name is not UTF-8: Python would see os.fsdecode()'s surrogates.
TEST(BlobKeyTest, UndecodableBytesUseSurrogateEscape) {
  const std::string run = "bad\xff\xfename";
  const std::string key = MakeBlobKey("images", run, "t", 1, 2);
  EXPECT_EQ(key, "WyIiLCJpbWFnZXMiLCJiYWRcdWRjZmZcdWRjZmVuYW1lIiwidCIsMSwyXQ");
  auto parsed = ParseBlobKey(key);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->run, run);
}

TEST(BlobKeyTest, AcceptsPaddingStandardAlphabetAndWhitespace) {
  // base64 of '[ "e" , "p","r","t", 5 ,6 ]' with padding and the standard alphabet.
  auto parsed = ParseBlobKey("WyAiZSIgLCAicCIsInIiLCJ0IiwgNSAsNiBd");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->experiment_id, "e");
  EXPECT_EQ(parsed->step, 5);
  EXPECT_EQ(parsed->index, 6);
  EXPECT_TRUE(ParseBlobKey("WyIiLCJpbWFnZXMiLCJ0cmFpbiIsInNhbXBsZXMiLDAsMl0=").ok());
  // '+' and '/' (standard) and '-' and '_' (URL-safe) are the same digits.
  for (const char* key : {"WyIiLCJpIiwiciIsInR+fj8iLDEsMl0=", "WyIiLCJpIiwiciIsInR-fj8iLDEsMl0"}) {
    auto t = ParseBlobKey(key);
    ASSERT_TRUE(t.ok()) << key;
    EXPECT_EQ(t->tag, "t~~?");
  }
  EXPECT_EQ(MakeBlobKey("i", "r", "\xc3\xbf>?", 1, 2), "WyIiLCJpIiwiciIsIlx1MDBmZj4_IiwxLDJd");
  auto slash = ParseBlobKey("WyIiLCJpIiwiciIsIlx1MDBmZj4/IiwxLDJd");
  ASSERT_TRUE(slash.ok());
  EXPECT_EQ(slash->tag, "\xc3\xbf>?");
}

TEST(BlobKeyTest, MalformedKeysAreInvalidArgument) {
  const std::vector<std::string> bad = {
      "",
      "!!!!",
      "W",                               // impossible base64 length
      "WzEsMl0",                         // [1,2]
      "bm90IGpzb24",                     // not json
      "WyIiLCJpIiwiciIsInQiLDEuNSwyXQ",  // ["","i","r","t",1.5,2]: float step
      "WyIiLCJpIiwiciIsInQiLDEsMl14",    // ["","i","r","t",1,2]x: trailing garbage
      "WyIiLCJpIiwiciIsInQiLDk5OTk5OTk5OTk5OTk5OTk5OTk5LDJd",  // step beyond int64
      "WyIiLCJpIiwiciIsInQiLDAxLDJd",                          // leading zero
      "WyIiLCJpIiwiciIsInQiLDFd",                              // five elements
      "WyIiLCJpIiwiciIsInQiLCIxIiwyXQ",                        // step as a string
  };
  for (const std::string& key : bad) {
    auto parsed = ParseBlobKey(key);
    EXPECT_FALSE(parsed.ok()) << key;
    if (!parsed.ok()) EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << key;
  }
}

// Any bytes in run and tag names survive the trip, and no input makes the parser misbehave.
TEST(BlobKeyTest, RandomNamesRoundTripAndGarbageIsRejectedCleanly) {
  std::mt19937 rng(20240601);
  auto random_bytes = [&](size_t max_len, bool ascii_heavy) {
    std::string s(rng() % (max_len + 1), '\0');
    for (char& c : s) {
      c = static_cast<char>(ascii_heavy && rng() % 2 ? 0x20 + rng() % 0x5f : rng() % 256);
    }
    return s;
  };
  for (int i = 0; i < 2000; ++i) {
    const std::string run = random_bytes(12, i % 2 == 0);
    const std::string tag = random_bytes(12, i % 3 == 0);
    const int64_t step = static_cast<int64_t>((uint64_t{rng()} << 32) | rng());
    const std::string key = MakeBlobKey("images", run, tag, step, i);
    for (char c : key)
      ASSERT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
    auto parsed = ParseBlobKey(key);
    ASSERT_TRUE(parsed.ok()) << key;
    EXPECT_EQ(parsed->run, run);
    EXPECT_EQ(parsed->tag, tag);
    EXPECT_EQ(parsed->step, step);
    EXPECT_EQ(parsed->index, i);
    // Flip one character of the key: parses to something or fails as InvalidArgument.
    std::string mutated = key;
    mutated[rng() % mutated.size()] = "A-_/+=!0"[rng() % 8];
    auto m = ParseBlobKey(mutated);
    if (!m.ok()) EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
    auto garbage = ParseBlobKey(random_bytes(40, true));
    if (!garbage.ok()) EXPECT_EQ(garbage.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(BlobKeyTest, SniffsContentTypes) {
  EXPECT_EQ(SniffContentType(std::string("\x89PNG\r\n\x1a\n....", 12)), "image/png");
  EXPECT_EQ(SniffContentType("\xff\xd8\xff\xe0..JFIF"), "image/jpeg");
  EXPECT_EQ(SniffContentType("GIF89a...."), "image/gif");
  EXPECT_EQ(SniffContentType("GIF87a...."), "image/gif");
  EXPECT_EQ(SniffContentType("BM......"), "image/bmp");
  EXPECT_EQ(SniffContentType(std::string("RIFF\x24\x00\x00\x00WAVEfmt ", 16)), "audio/wav");
  EXPECT_EQ(SniffContentType("RIFF\x24\x00\x00\x00AVI LIST"), "application/octet-stream");
  EXPECT_EQ(SniffContentType(""), "application/octet-stream");
  EXPECT_EQ(SniffContentType("\x89PN"), "application/octet-stream");
  EXPECT_EQ(SniffContentType("<svg></svg>"), "application/octet-stream");
}

// --- Goldens ------------------------------------------------------------------------------

// golden.py's "blobs" comparison: each item's query is replaced by the SHA-256 of the blob the
// server returns for it (null when the blob request fails).
nlohmann::json WithBlobHashes(Plugin& plugin, const std::string& blob_route, nlohmann::json items) {
  for (auto& item : items) {
    const std::string query = item.value("query", "");
    item.erase("query");
    auto blob = Call(plugin, blob_route + "?" + query);
    item["blob_sha256"] = blob.ok() && blob->status == 200 ? nlohmann::json(Sha256Hex(blob->body))
                                                           : nlohmann::json(nullptr);
  }
  return items;
}

void ExpectGoldensMatch(Plugin& plugin, const std::string& prefix, const std::string& blob_route) {
  int checked = 0;
  for (const auto& [key, golden] : Golden().items()) {
    if (key.rfind(prefix, 0) != 0) continue;
    ++checked;
    SCOPED_TRACE(key);
    auto response = Call(plugin, golden["path"].get<std::string>());
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->status, golden["status"].get<int>());
    EXPECT_EQ(response->content_type, "application/json");
    nlohmann::json body = nlohmann::json::parse(response->body);
    if (golden["kind"] == "blobs") body = WithBlobHashes(plugin, blob_route, std::move(body));
    std::string diff;
    EXPECT_TRUE(JsonMatches(golden["body"], body, &diff)) << diff;
  }
  EXPECT_GT(checked, 1) << prefix;
}

TEST(ImagesPluginGoldenTest, AllGoldenKeysMatch) {
  auto plugin = MakeImagesPlugin(CorpusContext());
  ExpectGoldensMatch(*plugin, "images/", "/data/plugin/images/individualImage");
}

TEST(AudioPluginGoldenTest, AllGoldenKeysMatch) {
  auto plugin = MakeAudioPlugin(CorpusContext());
  ExpectGoldensMatch(*plugin, "audio/", "/data/plugin/audio/individualAudio");
}

TEST(ImagesPluginTest, ImagesAreServedAsSniffedPng) {
  auto plugin = MakeImagesPlugin(CorpusContext());
  auto list = Call(*plugin,
                   "/data/plugin/images/images?run=resnet_tb%2Ftrain&tag=augmented_batch&sample=2");
  ASSERT_TRUE(list.ok());
  const auto items = nlohmann::json::parse(list->body);
  ASSERT_EQ(items.size(), 5u);
  const std::string query = items[0]["query"];
  EXPECT_EQ(query, "blob_key=" + MakeBlobKey("images", "resnet_tb/train", "augmented_batch", 0, 4));
  auto image = Call(*plugin, "/data/plugin/images/individualImage?" + query);
  ASSERT_TRUE(image.ok());
  EXPECT_EQ(image->content_type, "image/png");
  EXPECT_EQ(image->body.substr(1, 3), "PNG");
  // Three images per step: sample 3 lists nothing.
  auto none = Call(*plugin,
                   "/data/plugin/images/images?run=resnet_tb%2Ftrain&tag=augmented_batch&sample=3");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->body, "[]");
}

TEST(ImagesPluginTest, ActiveOnTheCorpus) {
  EXPECT_TRUE(MakeImagesPlugin(CorpusContext())->IsActive());
  EXPECT_TRUE(MakeAudioPlugin(CorpusContext())->IsActive());
  EXPECT_EQ(
      MakeImagesPlugin(CorpusContext())->FrontendMetadata()["loading_mechanism"]["element_name"],
      "tf-image-dashboard");
}

// --- Errors -------------------------------------------------------------------------------

TEST(ImagesPluginTest, Errors) {
  auto plugin = MakeImagesPlugin(CorpusContext());
  auto unknown_run = Call(*plugin, "/data/plugin/images/images?run=nope&tag=reconstruction");
  ASSERT_FALSE(unknown_run.ok());
  EXPECT_EQ(unknown_run.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown_run.status().message(), "No image data for run='nope', tag='reconstruction'");
  // A tag of another plugin is unknown too.
  auto scalar_tag = Call(*plugin, "/data/plugin/images/images?run=mnist_tbx%2Ftrain&tag=loss");
  ASSERT_FALSE(scalar_tag.ok());
  EXPECT_EQ(scalar_tag.status().code(), StatusCode::kNotFound);

  auto missing = Call(*plugin, "/data/plugin/images/images?run=mnist_tbx%2Ftrain");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(missing.status().message(),
            "Both run and tag must be specified: tag=None, run='mnist_tbx/train'");

  for (const char* sample : {"abc", "1.5", "", "-1", "1__0"}) {
    auto bad = Call(
        *plugin,
        std::string("/data/plugin/images/images?run=mnist_tbx%2Ftrain&tag=reconstruction&sample=") +
            sample);
    ASSERT_FALSE(bad.ok()) << sample;
    EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument) << sample;
  }
  // Python's int() accepts these.
  for (const char* sample : {"%200%20", "%2B0", "0_0", "-0"}) {
    auto ok = Call(
        *plugin,
        std::string("/data/plugin/images/images?run=mnist_tbx%2Ftrain&tag=reconstruction&sample=") +
            sample);
    ASSERT_TRUE(ok.ok()) << sample << ok.status().ToString();
    EXPECT_EQ(nlohmann::json::parse(ok->body).size(), 4u) << sample;
  }

  auto no_key = Call(*plugin, "/data/plugin/images/individualImage");
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.status().code(), StatusCode::kInvalidArgument);
  auto malformed = Call(*plugin, "/data/plugin/images/individualImage?blob_key=garbage!");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.status().code(), StatusCode::kInvalidArgument);

  const std::string no_step = MakeBlobKey("images", "mnist_tbx/train", "reconstruction", 7, 2);
  auto step = Call(*plugin, "/data/plugin/images/individualImage?blob_key=" + no_step);
  ASSERT_FALSE(step.ok());
  EXPECT_EQ(step.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(step.status().message(), no_step + ": no such step 7");

  const std::string no_run = MakeBlobKey("images", "nope", "reconstruction", 0, 2);
  auto run = Call(*plugin, "/data/plugin/images/individualImage?blob_key=" + no_run);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), StatusCode::kNotFound);

  const std::string past_end = MakeBlobKey("images", "mnist_tbx/train", "reconstruction", 0, 3);
  auto index = Call(*plugin, "/data/plugin/images/individualImage?blob_key=" + past_end);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), StatusCode::kNotFound);

  // Scalars are not blob sequences.
  const std::string scalar = MakeBlobKey("images", "mnist_tbx/train", "loss", 0, 0);
  auto not_blob = Call(*plugin, "/data/plugin/images/individualImage?blob_key=" + scalar);
  ASSERT_FALSE(not_blob.ok());
  EXPECT_EQ(not_blob.status().code(), StatusCode::kNotFound);
}

TEST(AudioPluginTest, Errors) {
  auto plugin = MakeAudioPlugin(CorpusContext());
  auto unknown = Call(*plugin, "/data/plugin/audio/audio?run=mnist_tbx%2Ftrain&tag=nope");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(unknown.status().message(), "No audio data for run='mnist_tbx/train', tag='nope'");
  auto missing = Call(*plugin, "/data/plugin/audio/audio?tag=audio%2Ftone");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  auto bad_sample =
      Call(*plugin, "/data/plugin/audio/audio?run=mnist_tbx%2Ftrain&tag=audio%2Ftone&sample=x");
  ASSERT_FALSE(bad_sample.ok());
  EXPECT_EQ(bad_sample.status().code(), StatusCode::kInvalidArgument);
  // One clip per step: sample 1 lists nothing (TensorBoard would fail).
  auto past =
      Call(*plugin, "/data/plugin/audio/audio?run=mnist_tbx%2Ftrain&tag=audio%2Ftone&sample=1");
  ASSERT_TRUE(past.ok());
  EXPECT_EQ(past->body, "[]");

  const std::string key = MakeBlobKey("audio", "mnist_tbx/train", "audio/tone", 0, 0);
  auto illegal = Call(
      *plugin, "/data/plugin/audio/individualAudio?blob_key=" + key + "&content_type=text%2Fhtml");
  ASSERT_FALSE(illegal.ok());
  EXPECT_EQ(illegal.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(illegal.status().message(), "Illegal mime type 'text/html'");
  auto sniffed = Call(*plugin, "/data/plugin/audio/individualAudio?blob_key=" + key);
  ASSERT_TRUE(sniffed.ok());
  EXPECT_EQ(sniffed->content_type, "audio/wav");
  auto no_key = Call(*plugin, "/data/plugin/audio/individualAudio?content_type=audio%2Fwav");
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.status().code(), StatusCode::kInvalidArgument);
}

TEST(AudioPluginTest, ItemsCarryTensorBoardsQuery) {
  auto plugin = MakeAudioPlugin(CorpusContext());
  auto list = Call(*plugin, "/data/plugin/audio/audio?run=mnist_tbx%2Ftrain&tag=audio%2Ftone");
  ASSERT_TRUE(list.ok());
  const auto items = nlohmann::json::parse(list->body);
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0]["query"],
            "blob_key=" + MakeBlobKey("audio", "mnist_tbx/train", "audio/tone", 0, 0) +
                "&content_type=audio%2Fwav");
  EXPECT_EQ(items[0]["contentType"], "audio/wav");
  EXPECT_EQ(items[0]["label"], "");
}

// --- A hand-made store: duplicate steps, ragged image counts, unicode names ----------------

tensorboard::Event ImageEvent(std::string_view tag, int64_t step, double wall_time,
                              std::vector<std::string> images, bool with_metadata) {
  tensorboard::Event event;
  event.set_wall_time(wall_time);
  event.set_step(step);
  auto* value = event.mutable_summary()->add_value();
  value->set_tag(std::string(tag));
  if (with_metadata) {
    value->mutable_metadata()->mutable_plugin_data()->set_plugin_name("images");
    value->mutable_metadata()->mutable_plugin_data()->set_content(
        tensorboard::ImagePluginData().SerializeAsString());
  }
  auto* tensor = value->mutable_tensor();
  tensor->set_dtype(tensorboard::DT_STRING);
  tensor->mutable_tensor_shape()->add_dim()->set_size(static_cast<int64_t>(images.size()) + 2);
  tensor->add_string_val("8");
  tensor->add_string_val("8");
  for (auto& image : images) tensor->add_string_val(std::move(image));
  return event;
}

class HandMadeImagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<tensorboard::Event> events = {testing::FileVersionEvent()};
    const std::string png = std::string("\x89PNG\r\n\x1a\n", 8);
    events.push_back(ImageEvent(kTag, 5, 105, {png + "five-a"}, true));
    events.push_back(ImageEvent(kTag, 1, 101, {png + "one-a", png + "one-b"}, false));
    events.push_back(ImageEvent(kTag, 5, 205, {png + "five-again", png + "x", png + "y"}, false));
    events.push_back(ImageEvent(kTag, 3, 103, {"GIF89a three"}, false));
    dir_.WriteFile(kRun + "/events.out.tfevents.1.host", testing::Records(events));
    samples_ = *SamplesPerPlugin::Parse("images=10");
    auto roots = InterpretLogdirFlag(dir_.path().string());
    ASSERT_TRUE(roots.ok());
    store_ = std::make_unique<Multiplexer>(*roots, MultiplexerOptions{samples_, 1});
    store_->Reload();
    context_ = PluginContext{store_.get(), &samples_, dir_.path().string(), ""};
  }

  const std::string kRun = "r\xc3\xbcn \xe6\x97\xa5";
  const std::string kTag = "pics/\xf0\x9f\x98\x80";
  testing::TempDir dir_;
  SamplesPerPlugin samples_;
  std::unique_ptr<Multiplexer> store_;
  PluginContext context_;
};

std::string Encode(std::string_view s) {
  std::string out;
  char buf[4];
  for (unsigned char c : s) {
    if (std::isalnum(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      std::snprintf(buf, sizeof(buf), "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

TEST_F(HandMadeImagesTest, StepsDeduplicatedSortedAndFilteredBySample) {
  auto plugin = MakeImagesPlugin(context_);
  auto tags = Call(*plugin, "/data/plugin/images/tags");
  ASSERT_TRUE(tags.ok());
  // The most images at any stored step (the duplicate step 5 holds three).
  EXPECT_EQ(nlohmann::json::parse(tags->body)[kRun][kTag]["samples"], 3);

  const std::string base =
      "/data/plugin/images/images?run=" + Encode(kRun) + "&tag=" + Encode(kTag);
  auto all = Call(*plugin, base);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  const auto items = nlohmann::json::parse(all->body);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["step"], 1);
  EXPECT_EQ(items[1]["step"], 3);
  EXPECT_EQ(items[2]["step"], 5);
  EXPECT_EQ(items[2]["wall_time"], 105.0);  // the first event of step 5 wins

  auto blob = [&](const nlohmann::json& item) {
    auto r =
        Call(*plugin, "/data/plugin/images/individualImage?" + item["query"].get<std::string>());
    EXPECT_TRUE(r.ok());
    return r.ok() ? std::make_pair(r->content_type, r->body)
                  : std::make_pair(std::string(), std::string());
  };
  EXPECT_EQ(blob(items[0]).second.substr(8), "one-a");
  EXPECT_EQ(blob(items[1]), std::make_pair(std::string("image/gif"), std::string("GIF89a three")));
  EXPECT_EQ(blob(items[2]).second.substr(8), "five-a");

  auto second = Call(*plugin, base + "&sample=1");
  ASSERT_TRUE(second.ok());
  const auto second_items = nlohmann::json::parse(second->body);
  ASSERT_EQ(second_items.size(), 1u);  // step 5's first event has one image only
  EXPECT_EQ(second_items[0]["step"], 1);
  EXPECT_EQ(blob(second_items[0]).second.substr(8), "one-b");
}

}  // namespace
}  // namespace tracker::plugins
