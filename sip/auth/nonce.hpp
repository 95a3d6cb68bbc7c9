#pragma once

#include "sip/auth/digest.hpp"

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace passerelle::sip::auth {

using time_point = std::chrono::system_clock::time_point;

/// How a nonce presented in credentials compares with what we issue.
enum class nonce_status {
  valid,   ///< Ours, and younger than the lifetime.
  stale,   ///< Ours, but expired: a correct answer gets `stale=true`.
  invalid, ///< Not ours: garbage, forged, other realm or older secret.
};

/// What tells one nonce we issued from every other: when, and its salt.
/// Ordered by issue time.
struct nonce_id {
  time_point issued_at;
  std::uint64_t salt = 0;
  auto operator<=>(const nonce_id&) const = default;
};

/// The outcome of `nonce_issuer::check`.
struct nonce_check {
  nonce_status status = nonce_status::invalid;
  /// When the nonce was issued; only meaningful unless `invalid`.
  time_point issued_at;
  /// Its salt; only meaningful unless `invalid`.
  std::uint64_t salt = 0;

  nonce_id id() const noexcept { return {issued_at, salt}; }
};

/// Issues and checks stateless nonces (PROTOCOLS.md 9, RFC 7616 5.4).
///
/// A nonce is base64url(timestamp || salt || HMAC-SHA256(secret, timestamp
/// || salt || realm)): the server needs no table to know it issued one and
/// when. The salt (random or a counter, from the caller) makes two nonces
/// issued in the same second differ, so that nonce-counts of different
/// clients never share a nonce.
class nonce_issuer {
public:
  /// A short life: phones answer a challenge at once (PROTOCOLS.md 9).
  static constexpr std::chrono::seconds default_lifetime{60};

  /// How far in the future a timestamp may lie (clock steps, other nodes).
  static constexpr std::chrono::seconds max_skew{5};

  explicit nonce_issuer(std::string secret,
                        std::chrono::seconds lifetime = default_lifetime);

  /// Returns a fresh nonce for `realm`.
  std::string issue(std::string_view realm, time_point now,
                    std::uint64_t salt) const;

  /// Checks a nonce received for `realm`.
  nonce_check check(std::string_view nonce, std::string_view realm,
                    time_point now) const;

  std::chrono::seconds lifetime() const noexcept { return lifetime_; }

private:
  hmac_sha256_key key_;
  std::chrono::seconds lifetime_;
};

} // namespace passerelle::sip::auth
