#pragma once

#include "storage/event_store.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace passerelle::storage {

/// The first place where the log stops being what was written.
struct broken_link {
  std::string tenant;
  std::string stream;
  uint64_t seq = 0;
  /// Global position, when the break is in the global index.
  uint64_t position = 0;
  std::string reason;
};

/// What `verify` walked and what it found.
struct verify_report {
  uint64_t events = 0;
  uint64_t streams = 0;
  uint64_t positions = 0;
  std::optional<broken_link> first_broken;
};

/// Walks every stream chain (hash, previous hash, gap-free sequence, key and
/// envelope agreeing, payload decodable) and then the global chain (every
/// position present once, pointing at an event with that hash, chained
/// hashes matching). Stops at the first broken link.
///
/// Logs of at least `split_at` events are walked by three threads: the
/// global index and two halves of the streams.
verify_report verify(event_store& store, uint64_t split_at = 100'000);

} // namespace passerelle::storage
