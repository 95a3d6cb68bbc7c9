#include "sip/auth/nonce_counter.hpp"

namespace passerelle::sip::auth {

nonce_counter::nonce_counter(std::size_t capacity,
                             std::chrono::seconds lifetime)
    : capacity_(capacity == 0 ? 1 : capacity),
      retention_(lifetime + nonce_issuer::max_skew) {
  // nop
}

void nonce_counter::drop_oldest() {
  auto first = highest_.begin();
  if (first->first.issued_at > floor_)
    floor_ = first->first.issued_at;
  highest_.erase(first);
}

void nonce_counter::sweep(time_point now) {
  // An expired nonce is stale whatever its count, so forgetting it costs
  // nothing and moves no floor.
  while (!highest_.empty() &&
         now - highest_.begin()->first.issued_at > retention_)
    highest_.erase(highest_.begin());
}

nc_verdict nonce_counter::advance(const nonce_id& id, std::uint32_t nc,
                                  time_point now) {
  sweep(now);
  if (auto i = highest_.find(id); i != highest_.end()) {
    if (nc <= i->second)
      return nc_verdict::replay;
    i->second = nc;
    return nc_verdict::fresh;
  }
  if (id.issued_at <= floor_)
    return nc_verdict::forgotten;
  highest_.emplace(id, nc);
  if (highest_.size() > capacity_) {
    drop_oldest();
    if (id.issued_at <= floor_ && !highest_.contains(id))
      return nc_verdict::forgotten;
  }
  return nc_verdict::fresh;
}

} // namespace passerelle::sip::auth
