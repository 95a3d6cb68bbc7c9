#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

// Hash primitives of HTTP Digest as SIP uses it (RFC 3261 22.4, RFC 7616
// 3.4.1, RFC 8760).
namespace passerelle::sip::auth {

/// The digest algorithms the gateway accepts. The `-sess` variants are not
/// offered, so they are never accepted either.
enum class digest_algorithm { md5, sha256 };

/// Returns the token of an algorithm: "MD5" or "SHA-256".
std::string_view to_string(digest_algorithm a) noexcept;

/// Parses an `algorithm` token, ignoring case; nothing for anything the
/// gateway does not offer ("SHA-256-sess", "SHA-512-256", ...).
std::optional<digest_algorithm> parse_algorithm(std::string_view token);

/// Returns the lowercase hex length of a hash: 32 or 64.
std::size_t hex_length(digest_algorithm a) noexcept;

/// The longest lowercase hex hash: SHA-256's.
inline constexpr std::size_t max_hex_length = 64;

/// Returns H(data) as lowercase hex (RFC 7616 3.4.1).
std::string hash_hex(digest_algorithm a, std::string_view data);

/// Returns HA1 = H(username ":" realm ":" password) as lowercase hex
/// (RFC 7616 3.4.2). Stored credentials keep only this value.
std::string digest_ha1(digest_algorithm a, std::string_view username,
                       std::string_view realm, std::string_view password);

/// What the `response` of a `qop=auth` request is computed from.
struct response_input {
  digest_algorithm algorithm = digest_algorithm::md5;
  std::string_view ha1; ///< Lowercase hex, as stored.
  std::string_view nonce;
  std::string_view nc; ///< 8 hex digits as sent.
  std::string_view cnonce;
  std::string_view method;
  std::string_view uri; ///< The `uri` parameter as sent.
};

/// Returns response = H(HA1 ":" nonce ":" nc ":" cnonce ":auth:" HA2)
/// with HA2 = H(method ":" uri), lowercase hex (RFC 7616 3.4.1, qop=auth).
std::string digest_response(const response_input& in);

/// Writes what `digest_response` returns into `out`, without allocating;
/// returns its length, 0 on an OpenSSL failure.
std::size_t digest_response(const response_input& in,
                            std::span<char, max_hex_length> out);

/// Returns HMAC-SHA256(key, data) as 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

/// HMAC-SHA256 under one key with the key's padded blocks hashed once
/// (RFC 2104): each MAC then hashes only its data and the inner digest,
/// half the work of `hmac_sha256`. Copies share the immutable state; safe
/// to use from several threads.
class hmac_sha256_key {
public:
  explicit hmac_sha256_key(std::string_view key);

  /// Returns HMAC-SHA256(key, concatenation of `parts`) as 32 raw bytes,
  /// what `hmac_sha256` returns; empty on an OpenSSL failure.
  std::string mac(std::initializer_list<std::string_view> parts) const;

  /// Writes the same 32 bytes into `out`; false on an OpenSSL failure.
  bool mac(std::initializer_list<std::string_view> parts,
           std::span<unsigned char, 32> out) const;

private:
  struct padded;
  std::shared_ptr<const padded> state_;
};

/// Returns `bytes` as lowercase hex.
std::string to_hex(std::string_view bytes);

/// Returns whether `a` equals `b`, in time independent of where they
/// differ (the length is not secret).
bool equal_constant_time(std::string_view a, std::string_view b) noexcept;

} // namespace passerelle::sip::auth
