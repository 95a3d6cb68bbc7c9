#pragma once

#include "events/envelope.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace passerelle::events {

/// Version of the binary envelope layout written by `encode`.
inline constexpr uint8_t envelope_format = 1;

/// Serialises the envelope fields that the hash covers (everything but the
/// two hashes), in a fixed binary layout.
std::string encode_body(const envelope& x);

/// Serialises a whole envelope: body, then `prev_hash`, then `hash`.
std::string encode(const envelope& x);

/// Parses what `encode` wrote. Returns nothing on truncated or unknown input.
std::optional<envelope> decode(std::string_view bytes);

/// An envelope read in place: views into the encoded bytes, no copies.
struct envelope_view {
  std::string_view tenant;
  std::string_view stream;
  uint64_t seq = 0;
  uint64_t position = 0;
  int64_t timestamp_ns = 0;
  std::string_view node;
  std::string_view type;
  uint16_t schema = 1;
  std::string_view actor;
  std::string_view payload;
  hash256 prev_hash{};
  hash256 hash{};
};

/// Same checks as `decode`, without copying: for replay-speed walks.
std::optional<envelope_view> decode_view(std::string_view bytes);

/// SHA-256 over `prev_hash` followed by the encoded body.
hash256 compute_hash(const envelope& x);

/// Same as `compute_hash`, over an already encoded envelope.
hash256 compute_hash(std::string_view encoded_body, const hash256& prev_hash);

/// SHA-256 link of the global chain: H(previous global hash, event hash,
/// big-endian position).
hash256 chain_global(const hash256& prev, const hash256& event_hash,
                     uint64_t position);

/// Lowercase hexadecimal form of a digest.
std::string to_hex(const hash256& x);

/// RFC 3339 UTC timestamp with nanoseconds, e.g.
/// 2026-11-26T12:00:00.000000001Z.
std::string format_utc(int64_t timestamp_ns);

/// Parses RFC 3339 UTC (`Z` or numeric offset; fraction optional).
std::optional<int64_t> parse_utc(std::string_view text);

} // namespace passerelle::events
