#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace passerelle::storage {

/// A Prometheus-style latency histogram with fixed buckets, safe to update
/// from one thread and read from any other.
class latency_histogram {
public:
  /// Upper bounds in seconds; the last bucket is +Inf.
  static constexpr std::array<double, 13> bounds{
      0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
      0.01,    0.025,  0.05,    0.1,    0.5,   1.0};

  void observe(std::chrono::nanoseconds d);

  /// Appends the `_bucket`, `_sum` and `_count` series in text format.
  void render(std::string& out, std::string_view name,
              std::string_view help) const;

private:
  std::array<std::atomic<uint64_t>, bounds.size() + 1> buckets_{};
  std::atomic<uint64_t> sum_ns_{0};
  std::atomic<uint64_t> count_{0};
};

/// What the event store counts. Read by /metrics.
struct store_metrics {
  std::atomic<uint64_t> appends{0};
  std::atomic<uint64_t> events{0};
  std::atomic<uint64_t> batches{0};
  std::atomic<uint64_t> bytes{0};
  std::atomic<uint64_t> conflicts{0};
  std::atomic<uint64_t> failures{0};
  std::atomic<uint64_t> last_position{0};
  /// Time to write (and fsync, in sync mode) one group-commit batch.
  latency_histogram commit_latency;
  /// From an append request reaching the store to its acknowledgement.
  latency_histogram append_latency;

  /// Prometheus text exposition of every series above.
  std::string render() const;
};

} // namespace passerelle::storage
