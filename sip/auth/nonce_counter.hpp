#pragma once

#include "sip/auth/nonce.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace passerelle::sip::auth {

/// What `nonce_counter::advance` found.
enum class nc_verdict {
  fresh,     ///< The count is higher than any seen: accept it.
  replay,    ///< The count was seen already (RFC 7616 3.4, RFC 3261 22.4).
  forgotten, ///< The nonce fell out of the table: ask for a new one.
};

/// Remembers the highest nonce-count seen per nonce, so that a captured
/// request cannot be replayed while its nonce is still valid.
///
/// Memory is bounded: entries leave once their nonce is past its lifetime
/// (it is stale then, and never accepted again), and when the table is
/// full the oldest nonce is dropped. A nonce issued no later than one that
/// was dropped is `forgotten`, never silently fresh again.
class nonce_counter {
public:
  explicit nonce_counter(
      std::size_t capacity = 65536,
      std::chrono::seconds lifetime = nonce_issuer::default_lifetime);

  /// Records `nc` for nonce `id` (from `nonce_issuer::check`, so
  /// authentic) if it is higher than any count seen for it.
  nc_verdict advance(const nonce_id& id, std::uint32_t nc, time_point now);

  /// Drops the entries whose nonces have expired.
  void sweep(time_point now);

  /// Returns how many nonces are tracked.
  std::size_t size() const noexcept { return highest_.size(); }

private:
  void drop_oldest();

  std::size_t capacity_;
  std::chrono::seconds retention_;
  /// Keyed by the nonce's identity rather than its text: one small node
  /// per nonce, oldest first (65,536 nonce strings, twice, weighed 16 MB).
  std::map<nonce_id, std::uint32_t> highest_;
  /// Nonces issued at or before this instant and not in the table were
  /// evicted (or never tracked while the table was full).
  time_point floor_ = time_point::min();
};

} // namespace passerelle::sip::auth
