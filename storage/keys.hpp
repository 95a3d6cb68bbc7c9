#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/envelope.hpp"

namespace passerelle::storage {

/// `<tenant>/<stream>/`: the prefix every event key of a stream starts with.
std::string stream_prefix(std::string_view tenant, std::string_view stream);

/// `<tenant>/<stream>/<seq as big-endian u64>` (DESIGN.md, "Keys").
std::string event_key(std::string_view tenant, std::string_view stream,
                      uint64_t seq);

/// Big-endian u64: keys of the global index sort by position.
std::string position_key(uint64_t position);

/// Snapshot key: `<tenant>/<stream>`.
std::string snapshot_key(std::string_view tenant, std::string_view stream);

/// The parts of an event key.
struct event_key_parts {
  std::string_view tenant;
  std::string_view stream;
  uint64_t seq = 0;
};

/// Splits an event key; nothing when it is too short or has no tenant.
std::optional<event_key_parts> parse_event_key(std::string_view key);

/// Reads a big-endian u64 from the first 8 bytes.
uint64_t read_be64(std::string_view bytes);

/// A global index entry: which event sits at a position, its hash, and the
/// hash of the global chain up to and including it.
struct global_entry {
  std::string event_key;
  events::hash256 event_hash{};
  events::hash256 chain_hash{};
};

std::string encode_global_entry(const global_entry& x);

std::optional<global_entry> decode_global_entry(std::string_view bytes);

/// Whether a tenant id is usable in keys (non-empty, no `/`, printable).
bool valid_tenant(std::string_view tenant);

/// Whether a stream name is usable (non-empty, printable, bounded).
bool valid_stream(std::string_view stream);

} // namespace passerelle::storage
