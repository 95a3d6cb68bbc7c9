#include "sip/auth/nonce_counter.hpp"

namespace passerelle::sip::auth {

nonce_counter::nonce_counter(std::size_t capacity,
                             std::chrono::seconds lifetime)
    : capacity_(capacity == 0 ? 1 : capacity),
      retention_(lifetime + nonce_issuer::max_skew) {
  // nop
}

void nonce_counter::drop_oldest() {
  auto first = by_issue_.begin();
  if (first->first > floor_)
    floor_ = first->first;
  highest_.erase(first->second);
  by_issue_.erase(first);
}

void nonce_counter::sweep(time_point now) {
  // An expired nonce is stale whatever its count, so forgetting it costs
  // nothing and moves no floor.
  while (!by_issue_.empty() && now - by_issue_.begin()->first > retention_) {
    highest_.erase(by_issue_.begin()->second);
    by_issue_.erase(by_issue_.begin());
  }
}

nc_verdict nonce_counter::advance(std::string_view nonce, time_point issued_at,
                                  std::uint32_t nc, time_point now) {
  sweep(now);
  if (auto i = highest_.find(nonce); i != highest_.end()) {
    if (nc <= i->second)
      return nc_verdict::replay;
    i->second = nc;
    return nc_verdict::fresh;
  }
  if (issued_at <= floor_)
    return nc_verdict::forgotten;
  std::string key{nonce};
  highest_.emplace(key, nc);
  by_issue_.emplace(issued_at, std::move(key));
  if (highest_.size() > capacity_) {
    drop_oldest();
    if (issued_at <= floor_ && !highest_.contains(nonce))
      return nc_verdict::forgotten;
  }
  return nc_verdict::fresh;
}

} // namespace passerelle::sip::auth
