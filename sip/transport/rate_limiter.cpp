#include "sip/transport/rate_limiter.hpp"

#include <algorithm>

namespace passerelle::sip::transport {

rate_limiter::rate_limiter(double per_second, double burst,
                           std::size_t max_sources)
    : per_second_(per_second),
      burst_(std::max(burst, 1.0)),
      max_sources_(std::max<std::size_t>(max_sources, 1)) {
  // nop
}

double rate_limiter::refill(const bucket& b,
                            clock::time_point now) const noexcept {
  std::chrono::duration<double> elapsed = now - b.last;
  auto gained = std::max(elapsed.count(), 0.0) * per_second_;
  return std::min(burst_, b.tokens + gained);
}

void rate_limiter::prune(clock::time_point now) {
  std::erase_if(buckets_, [&](const auto& entry) {
    return refill(entry.second, now) >= burst_;
  });
  // Still full: so many sources are busy at once that tracking them all
  // would let the table grow without bound; start afresh.
  if (buckets_.size() >= max_sources_)
    buckets_.clear();
}

bool rate_limiter::allow(const std::string& source, clock::time_point now) {
  if (per_second_ <= 0)
    return true;
  std::lock_guard<std::mutex> guard{mutex_};
  auto it = buckets_.find(source);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_sources_)
      prune(now);
    buckets_.emplace(source, bucket{burst_ - 1, now});
    return true;
  }
  auto& b = it->second;
  b.tokens = refill(b, now);
  // Threads may call with slightly older times; never move backwards.
  b.last = std::max(b.last, now);
  if (b.tokens < 1)
    return false;
  b.tokens -= 1;
  return true;
}

std::size_t rate_limiter::tracked() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return buckets_.size();
}

} // namespace passerelle::sip::transport
