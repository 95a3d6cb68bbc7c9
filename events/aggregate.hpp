#pragma once

#include "events/ec.hpp"
#include "events/envelope.hpp"

#include <optional>
#include <string>
#include <vector>

namespace passerelle::events {

/// An aggregate's model together with the last sequence folded into it.
template <class Aggregate>
struct versioned {
  typename Aggregate::model model;
  uint64_t version = 0;
};

/// Folds stored events into a state. Fails on a gap in the sequence or on an
/// event the aggregate cannot decode: recovery must never guess.
template <class Aggregate>
result<versioned<Aggregate>> fold(versioned<Aggregate> state,
                                  const std::vector<envelope>& events) {
  for (auto& x : events) {
    if (x.seq <= state.version)
      continue; // already in the snapshot
    if (x.seq != state.version + 1)
      return failure{ec::corrupt, "gap in " + x.stream + " before seq " +
                                      std::to_string(x.seq)};
    auto event = Aggregate::decode(x);
    if (!event)
      return failure{ec::corrupt, "cannot decode " + x.type + " v" +
                                      std::to_string(x.schema) + " at " +
                                      x.stream + "#" + std::to_string(x.seq)};
    state.model = Aggregate::apply(std::move(state.model), *event);
    state.version = x.seq;
  }
  return state;
}

/// Restores a state from a snapshot (if any) and folds the tail after it.
template <class Aggregate>
result<versioned<Aggregate>>
recover(const std::optional<std::pair<uint64_t, std::vector<uint8_t>>>& snap,
        const std::vector<envelope>& tail) {
  versioned<Aggregate> state;
  if (snap) {
    auto model = Aggregate::restore(snap->second);
    if (!model)
      return failure{ec::corrupt, "snapshot does not decode"};
    state.model = std::move(*model);
    state.version = snap->first;
  }
  return fold(std::move(state), tail);
}

} // namespace passerelle::events
