// EventFileLoader: one event file of a run, read incrementally into the run's RunData, with
// the per-file counts that `--inspect` reports.
#ifndef TRACKER_LOGREADER_EVENT_FILE_LOADER_H_
#define TRACKER_LOGREADER_EVENT_FILE_LOADER_H_

#include <cstdint>
#include <filesystem>
#include <string>

#include "logreader/run_data.h"
#include "logreader/tf_record_reader.h"

namespace tracker {

enum class FileState {
  kOk,       // ends cleanly at a record boundary (an empty file too)
  kWaiting,  // ends inside a partial record, or could not be read for now
  kDead,     // framing broken (bad length CRC, impossible length, not a record file)
};
const char* FileStateName(FileState state);

struct EventFileStats {
  std::filesystem::path path;
  uint64_t records = 0;  // records read and decoded, the file_version record included
  uint64_t skipped = 0;  // records dropped: bad payload CRC or unparsable payload
  uint64_t offset = 0;   // bytes consumed
  FileState state = FileState::kOk;
};

class EventFileLoader {
 public:
  explicit EventFileLoader(std::filesystem::path path, uint64_t start_offset = 0);

  struct BatchResult {
    bool more;        // stopped at the budget: more may be readable right away
    size_t consumed;  // records read or skipped
  };
  // Reads at most `max_records` records into `run`. The caller holds `run`'s exclusive lock.
  BatchResult ReadBatch(RunData* run, size_t max_records);

  // Counts and state as of the last ReadBatch; the state compares the offset with the file's
  // current size.
  EventFileStats Stats() const;
  const std::filesystem::path& path() const { return reader_.path(); }
  uint64_t offset() const { return reader_.offset(); }

 private:
  void Warn(const std::string& message);

  TfRecordReader reader_;
  uint64_t records_ = 0;
  uint64_t skipped_ = 0;
  int warnings_logged_ = 0;
  std::string last_wait_message_;
};

}  // namespace tracker

#endif  // TRACKER_LOGREADER_EVENT_FILE_LOADER_H_
