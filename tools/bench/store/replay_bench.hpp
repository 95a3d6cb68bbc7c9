#pragma once

#include "events/ec.hpp"

#include <cstdint>
#include <filesystem>

namespace passerelle::bench {

/// Shape of the log the replay benchmark writes and reads back.
struct replay_config {
  uint64_t events = 1'000'000;
  uint64_t streams = 10'000;
  /// Appends staged per `commit` while writing.
  uint64_t batch = 1'000;
  /// Events per `read_all` page.
  uint64_t page = 10'000;
  std::filesystem::path dir;
};

/// What one run measured, in events per second of wall time.
struct replay_result {
  uint64_t events = 0;
  /// Bytes of the store directory after writing (SST files and WAL).
  uint64_t disk_bytes = 0;
  double write_per_s = 0;
  double verify_per_s = 0;
  double read_all_per_s = 0;
  /// Cores other processes kept busy meanwhile (see cpu_usage.hpp).
  double other_cores = 0;
};

/// Writes the log directly through `stage`/`commit` (nosync) on a fresh
/// store, reopens it, then times `verify` and a paged `read_all`. A log that
/// does not verify is an error.
result<replay_result> run_replay(const replay_config& cfg);

} // namespace passerelle::bench
