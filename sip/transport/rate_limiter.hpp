#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace passerelle::sip::transport {

/// Token buckets per source address: a flood from one address exhausts
/// only its own bucket. Thread-safe; time comes in as an argument.
class rate_limiter {
public:
  using clock = std::chrono::steady_clock;

  /// Refills `per_second` tokens a second up to `burst`; a rate of zero or
  /// less lets everything through. At most `max_sources` addresses are
  /// tracked; past that, full buckets (which hold no state) are pruned.
  rate_limiter(double per_second, double burst, std::size_t max_sources);

  /// Takes a token for `source` at `now`; returns false when none is left.
  bool allow(const std::string& source, clock::time_point now);

  /// Returns how many sources are tracked.
  std::size_t tracked() const;

private:
  struct bucket {
    double tokens = 0;
    clock::time_point last;
  };

  double refill(const bucket& b, clock::time_point now) const noexcept;

  void prune(clock::time_point now);

  double per_second_;
  double burst_;
  std::size_t max_sources_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, bucket> buckets_;
};

} // namespace passerelle::sip::transport
