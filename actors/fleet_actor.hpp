#pragma once

#include "actors/interfaces.hpp"

#include <chrono>
#include <string>
#include <unordered_map>

namespace passerelle {

/// A live device actor and when the fleet last routed a command to it.
struct live_device {
  device_actor handle;
  std::chrono::steady_clock::time_point last_used;
};

/// State of the fleet: the live device actors by MAC.
struct fleet_state {
  std::string tenant;
  store_actor store;
  std::unordered_map<std::string, live_device> devices;
  /// The MAC of each live device actor, so an exit is found in O(1).
  std::unordered_map<caf::actor_addr, std::string> macs;
  /// Device actors idle this long are stopped (DESIGN.md: a million
  /// registered phones must not need a million live actors).
  std::chrono::seconds idle_after{60};
  /// Handed to every device actor (device_impl).
  device_listener listener;
  /// Device actors stopped since the heap was last trimmed.
  size_t passivated_since_trim = 0;

  static inline const char* name = "fleet";
};

/// Routes commands to device actors by (normalised) MAC, spawning them on
/// demand, monitored. A device actor that stops (after a conflict, say) is
/// forgotten and respawned from its log on the next command. Idle ones are
/// passivated: forgotten first, then told to stop through the same queue as
/// the commands routed to them, so none is lost. `listener` (may be empty)
/// is handed to every device actor.
fleet_actor::behavior_type
fleet_impl(fleet_actor::stateful_pointer<fleet_state> self, std::string tenant,
           store_actor store, std::chrono::seconds idle_after,
           device_listener listener);

} // namespace passerelle
