#pragma once

#include "storage/event_store.hpp"

#include <caf/fwd.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>

namespace passerelle::bench {

/// One configuration of the append benchmark.
struct append_config {
  storage::durability mode = storage::durability::nosync;
  /// Concurrent writers, each appending to its own stream.
  size_t writers = 1;
  std::chrono::milliseconds duration{3000};
  /// Parent of the fresh store directory.
  std::filesystem::path dir;
};

/// What one run of a configuration measured.
struct append_result {
  uint64_t appends = 0;
  uint64_t failures = 0;
  double seconds = 0;
  double events_per_s = 0;
  /// Events per CPU-second of the whole process (user + system).
  double events_per_cpu_s = 0;
  /// Writer-side latency, request to acknowledgement.
  double p50_us = 0;
  double p99_us = 0;
  /// Group commits: batches written and events in them (store metrics).
  uint64_t batches = 0;
  uint64_t events = 0;
  /// Share of the wall time the store thread spent in `commit`.
  double commit_busy = 0;
  /// Cores other processes kept busy meanwhile (see cpu_usage.hpp).
  double other_cores = 0;
};

/// Runs `writers` event-based actors against a store actor over a fresh
/// store until the deadline, then shuts the store down.
result<append_result> run_append(caf::actor_system& sys,
                                 const append_config& cfg);

} // namespace passerelle::bench
