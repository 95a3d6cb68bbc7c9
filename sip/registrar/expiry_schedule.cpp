#include "sip/registrar/expiry_schedule.hpp"

#include <algorithm>

namespace passerelle::sip::registrar {

void expiry_schedule::note(const std::string& aor,
                           const std::optional<time_point>& next,
                           mark& queued) {
  if (!next || (queued && *queued <= *next))
    return;
  heap_.push_back({*next, aor});
  std::push_heap(heap_.begin(), heap_.end(), later);
  queued = next;
}

bool expiry_schedule::later(const entry& a, const entry& b) noexcept {
  return a.at > b.at;
}

expiry_schedule::entry expiry_schedule::pop() {
  std::pop_heap(heap_.begin(), heap_.end(), later);
  auto e = std::move(heap_.back());
  heap_.pop_back();
  return e;
}

} // namespace passerelle::sip::registrar
