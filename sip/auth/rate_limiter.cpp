#include "sip/auth/rate_limiter.hpp"

namespace passerelle::sip::auth {

rate_limiter::rate_limiter(rate_limit_policy policy) : policy_(policy) {
  if (policy_.capacity == 0)
    policy_.capacity = 1;
  if (policy_.max_failures == 0)
    policy_.max_failures = 1;
}

const rate_limiter::entry* rate_limiter::find(std::string_view key) const {
  auto i = entries_.find(std::string(key));
  return i == entries_.end() ? nullptr : &i->second;
}

bool rate_limiter::forgettable(const entry& e, time_point now) const {
  return now >= e.banned_until && now - e.last_failure >= policy_.forgive_after;
}

std::chrono::seconds rate_limiter::ban_length(std::uint32_t level) const {
  auto ban = policy_.first_ban;
  for (std::uint32_t i = 0; i < level && ban < policy_.max_ban; ++i)
    ban *= 2;
  return ban < policy_.max_ban ? ban : policy_.max_ban;
}

bool rate_limiter::allowed(std::string_view key, time_point now) const {
  return !banned_until(key, now);
}

std::optional<time_point> rate_limiter::banned_until(std::string_view key,
                                                     time_point now) const {
  const auto* e = find(key);
  if (e == nullptr || now >= e->banned_until)
    return std::nullopt;
  return e->banned_until;
}

std::optional<std::chrono::seconds>
rate_limiter::record_failure(std::string_view key, time_point now) {
  std::string k{key};
  auto i = entries_.find(k);
  if (i == entries_.end()) {
    if (entries_.size() >= policy_.capacity) {
      entries_.erase(lru_.back());
      lru_.pop_back();
    }
    lru_.push_front(k);
    i = entries_.emplace(k, entry{}).first;
    i->second.lru = lru_.begin();
    i->second.last_failure = now;
  } else {
    lru_.splice(lru_.begin(), lru_, i->second.lru);
  }
  auto& e = i->second;
  if (now < e.banned_until)
    return std::nullopt; // Already banned: the caller should not ask.
  if (forgettable(e, now))
    e.level = 0;
  if (e.failures == 0 || now - e.window_start >= policy_.window) {
    e.failures = 0;
    e.window_start = now;
  }
  e.last_failure = now;
  if (++e.failures < policy_.max_failures)
    return std::nullopt;
  auto ban = ban_length(e.level);
  ++e.level;
  e.failures = 0;
  e.banned_until = now + ban;
  return ban;
}

void rate_limiter::record_success(std::string_view key, time_point now) {
  auto i = entries_.find(std::string(key));
  if (i == entries_.end())
    return;
  i->second.failures = 0;
  if (i->second.level == 0 || forgettable(i->second, now)) {
    lru_.erase(i->second.lru);
    entries_.erase(i);
  }
}

void rate_limiter::sweep(time_point now) {
  for (auto i = entries_.begin(); i != entries_.end();) {
    const auto& e = i->second;
    bool idle = e.level == 0 && now - e.window_start >= policy_.window;
    if (now >= e.banned_until && (idle || forgettable(e, now))) {
      lru_.erase(e.lru);
      i = entries_.erase(i);
    } else {
      ++i;
    }
  }
}

} // namespace passerelle::sip::auth
