#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace passerelle::events {

/// A SHA-256 digest.
using hash256 = std::array<uint8_t, 32>;

/// One stored event with its envelope (DESIGN.md, "Event sourcing").
struct envelope {
  std::string tenant;
  /// Aggregate stream, e.g. `device/001565aabbcc`.
  std::string stream;
  /// Gap-free sequence within the stream, starting at 1.
  uint64_t seq = 0;
  /// Global order over every stream of this node, starting at 1.
  uint64_t position = 0;
  /// UTC, nanoseconds since the Unix epoch.
  int64_t timestamp_ns = 0;
  /// Node that wrote the event (cluster mode).
  std::string node;
  /// Event type in the past tense, e.g. `device_provisioned`.
  std::string type;
  /// Schema version of the payload for this type.
  uint16_t schema = 1;
  /// Who caused it: `admin:<token id>`, `user:<upn>`, `device:<mac>`, `system`.
  std::string actor;
  /// Payload, CBOR-encoded.
  std::vector<uint8_t> payload;
  /// Hash of the previous event of the same stream (zeros for the first).
  hash256 prev_hash{};
  /// SHA-256 over `prev_hash` and the encoded envelope body.
  hash256 hash{};
};

/// An event before the store gives it a place: what a `decide` produces.
struct new_event {
  std::string type;
  uint16_t schema = 1;
  std::string actor;
  std::vector<uint8_t> payload;
};

template <class Inspector>
auto inspect(Inspector& f, envelope& x) {
  return f(x.tenant, x.stream, x.seq, x.position, x.timestamp_ns, x.node,
           x.type, x.schema, x.actor, x.payload, x.prev_hash, x.hash);
}

template <class Inspector>
auto inspect(Inspector& f, new_event& x) {
  return f(x.type, x.schema, x.actor, x.payload);
}

} // namespace passerelle::events
