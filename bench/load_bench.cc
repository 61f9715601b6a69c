// load_bench: how fast and how compactly tracker loads a large scalar logdir, as ratios against
// a read + CRC floor measured in the same run.
//
// Usage: load_bench [--dir=bench/out/logdir] [--runs=20] [--tags=20] [--steps=50000]
//                   [--threads=<cores>] [--repeats=3] [--child=generate]
// (--child=generate only writes the logdir, for bench/http_bench.sh.)
//
// 1. Generates the logdir under --dir unless a marker file there says it is already complete
//    with the same shape: half the runs written as PyTorch does (v1 simple_value scalars), half
//    as TF2 does (DT_FLOAT tensors, "scalars" metadata on each tag's first value in a file), two
//    files per run, plus two histogram tags per run every 100 steps.
// 2. Floor: read() every event file in big chunks and check both CRCs of every record.
// 3. Load: one Multiplexer::Reload() pass on 1 thread and on --threads threads, each in a fresh
//    child process (this binary re-executed with the hidden flag --child=load) so that the
//    child's peak RSS (VmHWM) belongs to that one load. The child checks what it loaded (exit
//    status 2 if wrong) and prints one machine-readable line; the parent alternates the two
//    configurations --repeats times and keeps the best time and the highest peak of each.
//
// Wall times assume an otherwise idle machine; the load average is printed to show when it was
// not. On a shared machine, a fairer run gives the benchmark its own high-priority autogroup:
//   setsid sh -c 'echo -20 > /proc/$$/autogroup && exec nice -n -20 load_bench'
#include <fcntl.h>
#include <spawn.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "logreader/logdir.h"
#include "logreader/multiplexer.h"
#include "logreader/samples_per_plugin.h"
#include "logreader/tf_record_format.h"
#include "logreader/tf_record_reader.h"
#include "status.h"
#include "tensorboard/event.pb.h"
#include "tensorboard/summary.pb.h"
#include "tensorboard/tensor.pb.h"
#include "tensorboard/types.pb.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using tracker::OkStatus;
using tracker::Status;

// Targets from the lead, printed next to the figures.
constexpr double kTargetEventsPerSecOneCore = 20e6;
constexpr double kTargetBytesPerPoint = 16;
constexpr double kTargetSpeedupTwoCores = 1.7;

// Shape of the generated logdir beyond what the flags set.
constexpr int kFilesPerRun = 2;  // as if each job had been resumed once, with a new writer
constexpr int kHistogramTags = 2;
constexpr int64_t kHistogramEvery = 100;  // steps
constexpr int kHistogramBuckets = 30;
constexpr double kStepSeconds = 0.05;
// Bumped whenever what the generator writes changes, so old logdirs are regenerated.
constexpr int kGeneratorVersion = 1;
constexpr char kMarkerName[] = "load_bench.marker";
constexpr char kIncomplete[] = "incomplete\n";
// One write() per this many bytes of framed records.
constexpr size_t kWriteChunk = size_t{1} << 20;
// The floor reads in the loader's own chunk size, so the two read the same way.
constexpr size_t kReadChunk = tracker::TfRecordReader::kDefaultChunkSize;
constexpr char kChildTag[] = "load_bench_child";

struct Options {
  fs::path dir = "bench/out/logdir";
  int runs = 20;
  int tags = 20;
  int64_t steps = 50000;
  int threads = 0;  // 0: one per core
  int repeats = 3;
  std::string child;  // hidden: "load" in a re-executed child
};

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "load_bench: %s\n", message.c_str());
  std::exit(1);
}

bool ParseInt(std::string_view text, int64_t min, int64_t* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  const std::string s(text);
  errno = 0;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || v < min) return false;
  *out = v;
  return true;
}

Options ParseFlags(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const size_t eq = arg.find('=');
    if (arg.substr(0, 2) != "--" || eq == std::string_view::npos) {
      Die("expected --name=value, got '" + std::string(arg) + "'");
    }
    const std::string_view name = arg.substr(2, eq - 2);
    const std::string_view value = arg.substr(eq + 1);
    int64_t n = 0;
    auto number = [&](int64_t min) {
      if (!ParseInt(value, min, &n)) Die("bad value for --" + std::string(name));
      return n;
    };
    if (name == "dir") {
      o.dir = std::string(value);
    } else if (name == "runs") {
      o.runs = static_cast<int>(number(1));
    } else if (name == "tags") {
      o.tags = static_cast<int>(number(1));
    } else if (name == "steps") {
      o.steps = number(1);
    } else if (name == "threads") {
      o.threads = static_cast<int>(number(0));
    } else if (name == "repeats") {
      o.repeats = static_cast<int>(number(1));
    } else if (name == "child") {
      o.child = std::string(value);
    } else {
      Die("unknown flag --" + std::string(name));
    }
  }
  if (o.threads == 0) {
    o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }
  return o;
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A /proc/self/status figure (VmRSS, VmHWM, ...) in bytes.
uint64_t ProcStatusBytes(std::string_view key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 &&
        line[key.size()] == ':') {
      return std::strtoull(line.c_str() + key.size() + 1, nullptr, 10) * 1024;
    }
  }
  return 0;
}

double ProcessCpuSeconds() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) { return t.tv_sec + t.tv_usec * 1e-6; };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

// What a logdir of this shape holds; both the generator and the checks use it.
struct Expected {
  uint64_t scalar_points;
  uint64_t histogram_events;
  uint64_t histogram_events_per_tag;
  uint64_t records;  // every record: file_version, scalar and histogram events
  uint64_t files;
};

Expected ExpectedFor(const Options& o) {
  Expected e;
  e.scalar_points = static_cast<uint64_t>(o.runs) * o.tags * o.steps;
  e.histogram_events_per_tag = (o.steps + kHistogramEvery - 1) / kHistogramEvery;
  e.histogram_events = static_cast<uint64_t>(o.runs) * kHistogramTags * e.histogram_events_per_tag;
  e.files = static_cast<uint64_t>(o.runs) * kFilesPerRun;
  e.records = e.scalar_points + e.histogram_events + e.files;
  return e;
}

// ---------------------------------------------------------------------------------------------
// Generation

// Frames records into a buffer handed to the OS about once per MiB.
class RecordFile {
 public:
  ~RecordFile() {
    if (fd_ >= 0) ::close(fd_);
  }

  Status Open(const fs::path& path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) return tracker::InternalError(path.string() + ": " + std::strerror(errno));
    path_ = path;
    buffer_.reserve(kWriteChunk + (kWriteChunk >> 4));
    return OkStatus();
  }

  Status Append(std::string_view payload) {
    tracker::AppendRecord(&buffer_, payload);
    return buffer_.size() >= kWriteChunk ? Flush() : OkStatus();
  }

  Status Close() {
    Status s = Flush();
    if (::close(fd_) != 0 && s.ok()) {
      s = tracker::InternalError(path_.string() + ": close: " + std::strerror(errno));
    }
    fd_ = -1;
    return s;
  }

  uint64_t bytes() const { return bytes_ + buffer_.size(); }

 private:
  Status Flush() {
    const char* p = buffer_.data();
    size_t left = buffer_.size();
    while (left > 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return tracker::InternalError(path_.string() + ": " + std::strerror(errno));
      p += n;
      left -= static_cast<size_t>(n);
    }
    bytes_ += buffer_.size();
    buffer_.clear();
    return OkStatus();
  }

  fs::path path_;
  int fd_ = -1;
  std::string buffer_;
  uint64_t bytes_ = 0;
};

// A training curve per tag: a decaying loss-like value with gaussian noise.
struct Curve {
  double amplitude;
  double tau;  // steps
  double floor;
  double noise;
};

// Histogram rows [left, right, count] of a gaussian that narrows and drifts as training goes on.
void FillHistogram(int tag, int64_t step, int64_t steps, std::vector<double>* rows) {
  const double progress = static_cast<double>(step) / static_cast<double>(steps);
  const double mean = 0.5 * tag + 0.2 * progress;
  const double sd = 1.0 - 0.6 * progress;
  const double lo = mean - 3 * sd;
  const double width = 6 * sd / kHistogramBuckets;
  auto cdf = [&](double x) { return 0.5 * std::erfc(-(x - mean) / (sd * std::sqrt(2.0))); };
  rows->resize(kHistogramBuckets * 3);
  for (int i = 0; i < kHistogramBuckets; ++i) {
    const double left = lo + i * width;
    const double right = left + width;
    (*rows)[3 * i] = left;
    (*rows)[3 * i + 1] = right;
    (*rows)[3 * i + 2] = std::round(4096 * (cdf(right) - cdf(left)));
  }
}

// Writes one run directory: kFilesPerRun event files that split the steps between them. Even
// runs write scalars as PyTorch does, odd runs as TF2 does. Sets *bytes_written.
Status GenerateRun(const Options& o, int run, uint64_t* bytes_written) {
  const bool tf2 = run % 2 == 1;
  char name[64];
  std::snprintf(name, sizeof(name), "run_%02d", run);
  const fs::path run_dir = o.dir / name;
  std::error_code ec;
  fs::create_directories(run_dir, ec);
  if (ec) return tracker::InternalError(run_dir.string() + ": " + ec.message());

  std::mt19937_64 rng(0x5eed0000u + static_cast<uint64_t>(run));
  std::normal_distribution<double> gaussian(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);

  std::vector<std::string> tags(o.tags);
  std::vector<Curve> curves(o.tags);
  for (int t = 0; t < o.tags; ++t) {
    char tag[64];
    std::snprintf(tag, sizeof(tag), "%s/metric_%02d", t % 2 == 0 ? "train" : "eval", t);
    tags[t] = tag;
    curves[t].amplitude = 1.0 + 0.1 * t + 0.05 * run;
    curves[t].tau = static_cast<double>(o.steps) / (2 + t % 5);
    curves[t].floor = 0.02 * (t % 4);
    curves[t].noise = 0.02 * curves[t].amplitude;
  }
  std::vector<std::string> histogram_tags(kHistogramTags);
  for (int h = 0; h < kHistogramTags; ++h) histogram_tags[h] = "weights/layer_" + std::to_string(h);

  // Events reused for every record, so that serializing allocates nothing after the first.
  tensorboard::Event scalar_event;
  tensorboard::Summary::Value* value = scalar_event.mutable_summary()->add_value();
  if (tf2) {
    value->mutable_tensor()->set_dtype(tensorboard::DT_FLOAT);
    value->mutable_tensor()->mutable_tensor_shape();  // present and empty: a scalar
  }
  tensorboard::SummaryMetadata scalar_metadata;
  scalar_metadata.mutable_plugin_data()->set_plugin_name("scalars");
  scalar_metadata.set_data_class(tensorboard::DATA_CLASS_SCALAR);

  tensorboard::Event histogram_event;
  tensorboard::Summary::Value* histogram_value = histogram_event.mutable_summary()->add_value();
  {
    tensorboard::TensorProto* tensor = histogram_value->mutable_tensor();
    tensor->set_dtype(tensorboard::DT_DOUBLE);
    tensor->mutable_tensor_shape()->add_dim()->set_size(kHistogramBuckets);
    tensor->mutable_tensor_shape()->add_dim()->set_size(3);
  }
  tensorboard::SummaryMetadata histogram_metadata;
  histogram_metadata.mutable_plugin_data()->set_plugin_name("histograms");
  histogram_metadata.set_data_class(tensorboard::DATA_CLASS_TENSOR);
  std::vector<double> rows;

  const double run_start = 1.7e9 + 3600.0 * run;
  // Events of one step are spread over 80% of the step, each with its own jitter, so wall times
  // increase strictly, as a real writer's clock would.
  const double tag_spacing = 0.8 * kStepSeconds / (o.tags + kHistogramTags);
  std::string payload;
  *bytes_written = 0;
  for (int file = 0; file < kFilesPerRun; ++file) {
    const int64_t first_step = o.steps * file / kFilesPerRun;
    const int64_t end_step = o.steps * (file + 1) / kFilesPerRun;
    const double file_start = run_start + first_step * kStepSeconds - 1.0;
    char file_name[128];
    std::snprintf(file_name, sizeof(file_name),
                  "events.out.tfevents.%010" PRId64 ".benchhost.%d.%d%s",
                  static_cast<int64_t>(file_start), 4000 + run, file, tf2 ? ".v2" : "");
    RecordFile out;
    RETURN_IF_ERROR(out.Open(run_dir / file_name));

    tensorboard::Event version;
    version.set_wall_time(file_start);
    version.set_file_version("brain.Event:2");
    version.SerializeToString(&payload);
    RETURN_IF_ERROR(out.Append(payload));

    for (int64_t step = first_step; step < end_step; ++step) {
      const double step_start = run_start + step * kStepSeconds;
      scalar_event.set_step(step);
      for (int t = 0; t < o.tags; ++t) {
        const Curve& c = curves[t];
        const float v = static_cast<float>(c.amplitude * std::exp(-step / c.tau) + c.floor +
                                           c.noise * gaussian(rng));
        scalar_event.set_wall_time(step_start + t * tag_spacing + uniform(rng) * tag_spacing);
        value->set_tag(tags[t]);
        if (tf2) {
          value->mutable_tensor()->set_tensor_content(&v, sizeof(v));
          // TF2 writers attach the metadata to the first value of each tag in a file.
          if (step == first_step) {
            *value->mutable_metadata() = scalar_metadata;
          } else if (value->has_metadata()) {
            value->clear_metadata();
          }
        } else {
          value->set_simple_value(v);
        }
        scalar_event.SerializeToString(&payload);
        RETURN_IF_ERROR(out.Append(payload));
      }
      if (step % kHistogramEvery != 0) continue;
      for (int h = 0; h < kHistogramTags; ++h) {
        FillHistogram(h, step, o.steps, &rows);
        histogram_event.set_step(step);
        histogram_event.set_wall_time(step_start + (o.tags + h) * tag_spacing +
                                      uniform(rng) * tag_spacing);
        histogram_value->set_tag(histogram_tags[h]);
        histogram_value->mutable_tensor()->set_tensor_content(rows.data(),
                                                              rows.size() * sizeof(double));
        if (step - first_step < kHistogramEvery) {
          *histogram_value->mutable_metadata() = histogram_metadata;
        } else if (histogram_value->has_metadata()) {
          histogram_value->clear_metadata();
        }
        histogram_event.SerializeToString(&payload);
        RETURN_IF_ERROR(out.Append(payload));
      }
    }
    *bytes_written += out.bytes();
    RETURN_IF_ERROR(out.Close());
  }
  return OkStatus();
}

std::string MarkerText(const Options& o, uint64_t bytes) {
  std::ostringstream s;
  s << "load_bench logdir v" << kGeneratorVersion << " runs=" << o.runs << " tags=" << o.tags
    << " steps=" << o.steps << " bytes=" << bytes << "\n";
  return s.str();
}

std::string ReadSmallFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteSmallFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) Die(path.string() + ": cannot write");
}

// The loadable event files under `dir`, sorted.
std::vector<fs::path> EventFiles(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) &&
        tracker::IsLoadableEventFileName(it->path().filename().string())) {
      files.push_back(it->path());
    }
  }
  if (ec) Die(dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

uint64_t TotalBytes(const std::vector<fs::path>& files) {
  uint64_t total = 0;
  for (const fs::path& f : files) {
    std::error_code ec;
    const uintmax_t size = fs::file_size(f, ec);
    if (ec) Die(f.string() + ": " + ec.message());
    total += size;
  }
  return total;
}

// Makes sure o.dir holds a complete logdir of the requested shape. A directory is only ever
// deleted if its marker says load_bench made it.
void EnsureLogdir(const Options& o) {
  const fs::path marker = o.dir / kMarkerName;
  std::error_code ec;
  if (fs::exists(marker, ec)) {
    const std::string text = ReadSmallFile(marker);
    const std::vector<fs::path> files = EventFiles(o.dir);
    if (files.size() == ExpectedFor(o).files && text == MarkerText(o, TotalBytes(files))) {
      std::printf("reusing the logdir in %s\n", o.dir.c_str());
      return;
    }
    std::printf("the logdir in %s is incomplete or of another shape; regenerating it\n",
                o.dir.c_str());
    fs::remove_all(o.dir, ec);
    if (ec) Die(o.dir.string() + ": " + ec.message());
  } else if (fs::exists(o.dir, ec) && !fs::is_empty(o.dir, ec)) {
    Die(o.dir.string() + " is not empty and has no " + kMarkerName +
        "; refusing to write into it (remove it or pass another --dir)");
  }
  fs::create_directories(o.dir, ec);
  if (ec) Die(o.dir.string() + ": " + ec.message());
  WriteSmallFile(marker, kIncomplete);

  std::printf("generating %d runs x %d tags x %" PRId64 " steps in %s ...\n", o.runs, o.tags,
              o.steps, o.dir.c_str());
  std::fflush(stdout);
  const auto start = std::chrono::steady_clock::now();
  std::vector<Status> statuses(o.runs);
  std::vector<uint64_t> bytes(o.runs, 0);
  std::atomic<int> next{0};
  auto worker = [&] {
    for (int r = next++; r < o.runs; r = next++) statuses[r] = GenerateRun(o, r, &bytes[r]);
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::min(o.threads, o.runs); ++t) pool.emplace_back(worker);
  for (std::thread& t : pool) t.join();
  uint64_t total = 0;
  for (int r = 0; r < o.runs; ++r) {
    if (!statuses[r].ok()) Die(statuses[r].ToString());
    total += bytes[r];
  }
  WriteSmallFile(marker, MarkerText(o, total));
  std::printf("generated %.2f GB in %.1f s\n", total / 1e9, Seconds(start));
}

// ---------------------------------------------------------------------------------------------
// Floor: read + CRC

struct FloorResult {
  double seconds = 0;
  double cpu_seconds = 0;
  uint64_t bytes = 0;
  uint64_t records = 0;
};

// Reads every file in kReadChunk pieces and, if `check`, verifies both CRCs of every record,
// carrying a partial record over to the next read. Any framing problem is fatal: the logdir is
// ours. Without `check` it only reads (records stays 0), to split the floor into its two parts.
FloorResult ReadFiles(const std::vector<fs::path>& files, bool check) {
  FloorResult result;
  size_t capacity = kReadChunk;
  auto buffer = std::make_unique<char[]>(capacity);
  const double cpu_start = ProcessCpuSeconds();
  const auto start = std::chrono::steady_clock::now();
  for (const fs::path& path : files) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) Die(path.string() + ": " + std::strerror(errno));
    size_t end = 0;     // bytes in buffer, all unparsed
    uint64_t need = 0;  // bytes the record at the buffer's start takes, header to footer
    while (true) {
      if (need > capacity) {  // a record bigger than the buffer: grow to hold it
        auto bigger = std::make_unique<char[]>(need);
        std::memcpy(bigger.get(), buffer.get(), end);
        buffer = std::move(bigger);
        capacity = need;
      }
      const ssize_t n = ::read(fd, buffer.get() + end, capacity - end);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) Die(path.string() + ": " + std::strerror(errno));
      if (n == 0) break;
      result.bytes += static_cast<uint64_t>(n);
      end += static_cast<size_t>(n);
      size_t begin = check ? 0 : end;
      while (begin < end) {
        const tracker::ParsedRecord r =
            tracker::ParseRecord(std::string_view(buffer.get() + begin, end - begin));
        if (r.result == tracker::RecordParse::kRecord) {
          ++result.records;
          begin += r.consumed;
          continue;
        }
        if (r.result != tracker::RecordParse::kNeedMore) {
          Die(path.string() + ": corrupt record at buffer offset " + std::to_string(begin));
        }
        // With the header incomplete, length is 0 and this is less than any buffer.
        need = tracker::kRecordHeaderSize + r.length + tracker::kRecordFooterSize;
        break;
      }
      std::memmove(buffer.get(), buffer.get() + begin, end - begin);
      end -= begin;
    }
    ::close(fd);
    if (end != 0) Die(path.string() + ": ends inside a record");
  }
  result.seconds = Seconds(start);
  result.cpu_seconds = ProcessCpuSeconds() - cpu_start;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Load, in a child process

// Loads the logdir once, checks it, and prints one line of key=value figures to stdout.
int RunLoadChild(const Options& o) {
  // Warnings go to stderr so that stdout carries only the result line.
  spdlog::set_default_logger(spdlog::stderr_color_mt("load_bench"));
  auto samples = tracker::SamplesPerPlugin::Parse("");
  if (!samples.ok()) Die(samples.status().ToString());
  const fs::path root = fs::absolute(o.dir);

  const uint64_t rss_baseline = ProcStatusBytes("VmRSS");
  tracker::Multiplexer multiplexer({tracker::LogdirRoot{"", root}},
                                   tracker::MultiplexerOptions{*samples, o.threads});
  const double cpu_start = ProcessCpuSeconds();
  const auto start = std::chrono::steady_clock::now();
  multiplexer.Reload();
  const double seconds = Seconds(start);
  const double cpu_seconds = ProcessCpuSeconds() - cpu_start;

  uint64_t records = 0, skipped = 0, bytes = 0, files = 0, bad_files = 0;
  uint64_t scalar_points = 0, other_points = 0, scalar_tags = 0, bad_step_ranges = 0;
  const auto runs = multiplexer.Runs();
  for (const auto& run : runs) {
    for (const tracker::EventFileStats& f : run->FileStats()) {
      ++files;
      records += f.records;
      skipped += f.skipped;
      bytes += f.offset;
      if (f.state != tracker::FileState::kOk) ++bad_files;
    }
    run->Read([&](const tracker::RunData& data) {
      for (const auto& [name, tag] : data.tags()) {
        if (!tag->is_scalar()) {
          other_points += tag->size();
          continue;
        }
        ++scalar_tags;
        scalar_points += tag->size();
        if (tag->StepRange() != std::make_pair(int64_t{0}, o.steps - 1)) ++bad_step_ranges;
      }
    });
  }
  const uint64_t rss_peak = ProcStatusBytes("VmHWM");

  const Expected want = ExpectedFor(o);
  std::vector<std::string> problems;
  auto check = [&](const char* what, uint64_t got, uint64_t expected) {
    if (got != expected) {
      problems.push_back(std::string(what) + ": got " + std::to_string(got) + ", expected " +
                         std::to_string(expected));
    }
  };
  check("runs", runs.size(), static_cast<uint64_t>(o.runs));
  check("event files", files, want.files);
  check("files not ending cleanly", bad_files, 0);
  check("records loaded", records, want.records);
  check("records skipped", skipped, 0);
  check("scalar tags", scalar_tags, static_cast<uint64_t>(o.runs) * o.tags);
  check("scalar tags not spanning every step", bad_step_ranges, 0);
  check("stored scalar points", scalar_points, want.scalar_points);
  // Histograms are sampled (500 per tag by default); scalars are all kept.
  const uint64_t histogram_capacity = samples->CapacityFor("histograms");
  check("stored histogram events", other_points,
        static_cast<uint64_t>(o.runs) * kHistogramTags *
            std::min(want.histogram_events_per_tag,
                     histogram_capacity == 0 ? want.histogram_events_per_tag : histogram_capacity));
  for (const std::string& p : problems) {
    std::fprintf(stderr, "load_bench: check failed: %s\n", p.c_str());
  }

  std::printf("%s threads=%d seconds=%.6f cpu_seconds=%.6f records=%" PRIu64 " bytes=%" PRIu64
              " scalar_points=%" PRIu64 " rss_baseline=%" PRIu64 " rss_peak=%" PRIu64 "\n",
              kChildTag, o.threads, seconds, cpu_seconds, records, bytes, scalar_points,
              rss_baseline, rss_peak);
  std::fflush(stdout);
  return problems.empty() ? 0 : 2;
}

struct LoadResult {
  double seconds = 0;
  double cpu_seconds = 0;
  uint64_t records = 0;
  uint64_t scalar_points = 0;
  uint64_t rss_baseline = 0;
  uint64_t rss_peak = 0;
};

std::string SelfExe() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) Die("/proc/self/exe: " + ec.message());
  return exe.string();
}

// Re-executes this binary as a load child and parses its result line. Other output of the
// child (log lines) is passed on to stderr. Exits if the child fails its checks.
LoadResult RunChild(const std::string& exe, const Options& o, int threads) {
  std::vector<std::string> args = {exe,
                                   "--child=load",
                                   "--threads=" + std::to_string(threads),
                                   "--dir=" + o.dir.string(),
                                   "--runs=" + std::to_string(o.runs),
                                   "--tags=" + std::to_string(o.tags),
                                   "--steps=" + std::to_string(o.steps)};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) Die(std::string("pipe: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  pid_t pid;
  const int err = posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (err != 0) Die("cannot start " + exe + ": " + std::strerror(err));

  std::string output;
  char chunk[4096];
  while (true) {
    const ssize_t n = ::read(pipe_fds[0], chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    output.append(chunk, static_cast<size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fputs(output.c_str(), stderr);
    Die("the load child failed its checks or crashed (status " + std::to_string(status) + ")");
  }

  std::map<std::string, std::string, std::less<>> fields;
  std::istringstream lines(output);
  std::string line;
  bool found = false;
  while (std::getline(lines, line)) {
    if (line.rfind(std::string(kChildTag) + " ", 0) != 0) {
      std::fprintf(stderr, "%s\n", line.c_str());
      continue;
    }
    found = true;
    std::istringstream words(line.substr(sizeof(kChildTag)));
    std::string word;
    while (words >> word) {
      const size_t eq = word.find('=');
      if (eq != std::string::npos) fields[word.substr(0, eq)] = word.substr(eq + 1);
    }
  }
  if (!found) Die("the load child printed no result line");
  auto get = [&](const char* key) {
    auto it = fields.find(key);
    if (it == fields.end()) Die(std::string("the load child's line lacks ") + key);
    return it->second;
  };
  LoadResult r;
  r.seconds = std::stod(get("seconds"));
  r.cpu_seconds = std::stod(get("cpu_seconds"));
  r.records = std::stoull(get("records"));
  r.scalar_points = std::stoull(get("scalar_points"));
  r.rss_baseline = std::stoull(get("rss_baseline"));
  r.rss_peak = std::stoull(get("rss_peak"));
  return r;
}

// The tries of one configuration: the fastest, and the one with the highest peak RSS.
struct LoadStats {
  LoadResult best;
  LoadResult most_memory;
  LoadResult last;
  int tries = 0;

  void Add(const LoadResult& r) {
    if (tries == 0 || r.seconds < best.seconds) best = r;
    if (tries == 0 || r.rss_peak > most_memory.rss_peak) most_memory = r;
    last = r;
    ++tries;
  }
};

void PrintTry(const LoadStats& stats, int threads, int repeats) {
  const LoadResult& r = stats.last;
  std::printf(
      "  load, %d thread%s, try %d/%d: %.3f s (cpu %.3f s), peak RSS %.1f MB "
      "(baseline %.1f MB)\n",
      threads, threads == 1 ? "" : "s", stats.tries, repeats, r.seconds, r.cpu_seconds,
      r.rss_peak / 1e6, r.rss_baseline / 1e6);
  std::fflush(stdout);
}

const char* Verdict(bool met) { return met ? "met" : "MISSED"; }

// The 1-minute load average: other work on the machine inflates wall-clock figures.
double LoadAverage() {
  std::ifstream in("/proc/loadavg");
  double load = 0;
  in >> load;
  return load;
}

int RunBenchmark(const Options& o) {
  EnsureLogdir(o);
  const std::vector<fs::path> files = EventFiles(o.dir);
  const uint64_t total_bytes = TotalBytes(files);
  const Expected want = ExpectedFor(o);
  const double load_before = LoadAverage();

  FloorResult floor, read_only;
  for (int i = 0; i < o.repeats; ++i) {
    const FloorResult r = ReadFiles(files, /*check=*/true);
    const FloorResult q = ReadFiles(files, /*check=*/false);
    std::printf("  floor, try %d/%d: %.3f s (cpu %.3f s), of which read() %.3f s\n", i + 1,
                o.repeats, r.seconds, r.cpu_seconds, q.seconds);
    if (r.records != want.records || r.bytes != total_bytes) {
      Die("the floor read " + std::to_string(r.records) + " records in " + std::to_string(r.bytes) +
          " bytes; expected " + std::to_string(want.records) + " records in " +
          std::to_string(total_bytes) + " bytes");
    }
    if (i == 0 || r.seconds < floor.seconds) floor = r;
    if (i == 0 || q.seconds < read_only.seconds) read_only = q;
  }

  // The two configurations take turns, so that a change in the machine's load between tries
  // hits both alike.
  const std::string exe = SelfExe();
  LoadStats one, all;
  for (int i = 0; i < o.repeats; ++i) {
    one.Add(RunChild(exe, o, 1));
    PrintTry(one, 1, o.repeats);
    if (o.threads > 1) {
      all.Add(RunChild(exe, o, o.threads));
      PrintTry(all, o.threads, o.repeats);
    }
  }
  if (o.threads == 1) all = one;
  const double load_after = LoadAverage();

  const double mb = total_bytes / 1e6;
  const unsigned cores = std::thread::hardware_concurrency();
  std::printf("\nlogdir: %d runs x %d tags x %" PRId64 " steps = %" PRIu64
              " scalar events (+ %" PRIu64 " histogram events), %.2f GB in %zu files\n",
              o.runs, o.tags, o.steps, want.scalar_points, want.histogram_events, total_bytes / 1e9,
              files.size());
  std::printf(
      "method: best of %d, page cache warm, each load in a fresh process; events = records "
      "loaded; MB = 1e6 bytes\n",
      o.repeats);
  std::printf("machine: %u cores, load average %.2f before and %.2f after\n", cores, load_before,
              load_after);
  if (std::max(load_before, load_after) > 0.5 * cores) {
    std::printf("warning: the machine was busy: wall times are pessimistic, cpu times less so\n");
  }
  std::printf("\n%-37s%6.2f s  cpu %5.2f s  %6.0f MB/s  %5.1f M records/s\n",
              "floor (read + CRC only, 1 thread):", floor.seconds, floor.cpu_seconds,
              mb / floor.seconds, floor.records / floor.seconds / 1e6);
  std::printf("%-37s%6.2f s  cpu %5.2f s  %6.0f MB/s\n",
              "  of which read() alone:", read_only.seconds, read_only.cpu_seconds,
              mb / read_only.seconds);
  auto load_row = [&](const LoadResult& r, int threads) {
    char label[64];
    std::snprintf(label, sizeof(label), "load, %d thread%s:", threads, threads == 1 ? "" : "s");
    std::printf("%-37s%6.2f s  cpu %5.2f s  %6.0f MB/s  %5.1f M events/s  = %.2f x floor", label,
                r.seconds, r.cpu_seconds, mb / r.seconds, r.records / r.seconds / 1e6,
                r.seconds / floor.seconds);
  };
  const double events_per_sec = one.best.records / one.best.seconds;
  load_row(one.best, 1);
  std::printf("   [target >= %.0f M events/s: %s]\n", kTargetEventsPerSecOneCore / 1e6,
              Verdict(events_per_sec >= kTargetEventsPerSecOneCore));
  if (o.threads > 1) {
    const double speedup = one.best.seconds / all.best.seconds;
    load_row(all.best, o.threads);
    std::printf(", %.2f x faster than 1 thread   [target >= %.1f x on 2 cores: %s]\n", speedup,
                kTargetSpeedupTwoCores, Verdict(speedup >= kTargetSpeedupTwoCores));
  }
  // Memory from the try with the highest peak: the figure a deployment has to provision for.
  auto memory_row = [&](const LoadResult& r, int threads) {
    const double points = static_cast<double>(r.scalar_points);
    const double gross = r.rss_peak / points;
    const double net = (static_cast<double>(r.rss_peak) - r.rss_baseline) / points;
    char label[64];
    std::snprintf(label, sizeof(label), "peak RSS per stored point, %d thr:", threads);
    std::printf(
        "%-37s%5.1f bytes (gross), %5.1f bytes (net of the %.0f MB baseline)   "
        "[target <= %.0f bytes: %s]\n",
        label, gross, net, r.rss_baseline / 1e6, kTargetBytesPerPoint,
        Verdict(gross <= kTargetBytesPerPoint));
  };
  memory_row(one.most_memory, 1);
  if (o.threads > 1) memory_row(all.most_memory, o.threads);
  std::printf("(peak RSS is the worst of %d tries: VmHWM %.0f MB with 1 thread, %.0f MB with %d)\n",
              o.repeats, one.most_memory.rss_peak / 1e6, all.most_memory.rss_peak / 1e6, o.threads);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseFlags(argc, argv);
  if (options.child == "load") return RunLoadChild(options);
  if (options.child == "generate") {  // only write the logdir (bench/http_bench.sh serves it)
    EnsureLogdir(options);
    return 0;
  }
  if (!options.child.empty()) Die("unknown --child=" + options.child);
  return RunBenchmark(options);
}
