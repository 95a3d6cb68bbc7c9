#pragma once

#include "sip/auth/nonce.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace passerelle::sip::auth {

/// When failures turn into bans (PROTOCOLS.md 9).
struct rate_limit_policy {
  /// Failures within `window` that trigger a ban.
  std::uint32_t max_failures = 5;
  std::chrono::seconds window{60};
  /// The first ban; each next one doubles, up to `max_ban`.
  std::chrono::seconds first_ban{60};
  std::chrono::seconds max_ban{3600};
  /// A key quiet for this long starts again from the first ban.
  std::chrono::seconds forgive_after{24 * 3600};
  /// Keys remembered at most; the least recently active go first.
  std::size_t capacity = 100000;
};

/// Counts authentication failures per key (a source IP or an account) and
/// bans a key for a while after too many, each ban longer than the last.
///
/// Bans are temporary so that an attacker cannot lock a phone out for
/// good; the escalation makes guessing slow. Memory is bounded by
/// `capacity`.
class rate_limiter {
public:
  explicit rate_limiter(rate_limit_policy policy = {});

  /// Returns whether requests from `key` may be authenticated now.
  bool allowed(std::string_view key, time_point now) const;

  /// Returns when the current ban of `key` ends, if it is banned (for a
  /// Retry-After).
  std::optional<time_point> banned_until(std::string_view key,
                                         time_point now) const;

  /// Counts a failure; returns the length of the ban it starts, if any.
  std::optional<std::chrono::seconds> record_failure(std::string_view key,
                                                     time_point now);

  /// Clears the failure count of `key`; the escalation level stays until
  /// `forgive_after` so that successes interleaved with guesses (a phone
  /// and an attacker behind one NAT) do not reset the bans.
  void record_success(std::string_view key, time_point now);

  /// Forgets keys that are neither banned nor escalated any more.
  void sweep(time_point now);

  /// Returns how many keys are remembered.
  std::size_t size() const noexcept { return entries_.size(); }

private:
  struct entry {
    std::uint32_t failures = 0;
    time_point window_start;
    time_point last_failure;
    time_point banned_until;
    std::uint32_t level = 0; ///< Bans given so far.
    std::list<std::string>::iterator lru;
  };

  const entry* find(std::string_view key) const;
  bool forgettable(const entry& e, time_point now) const;
  std::chrono::seconds ban_length(std::uint32_t level) const;

  rate_limit_policy policy_;
  /// Keys, most recently active first.
  std::list<std::string> lru_;
  std::unordered_map<std::string, entry> entries_;
};

} // namespace passerelle::sip::auth
