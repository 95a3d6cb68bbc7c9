#pragma once

#include "actors/interfaces.hpp"

#include <string>
#include <unordered_map>

namespace passerelle {

/// State of the fleet: the live device actors by MAC.
struct fleet_state {
  std::string tenant;
  store_actor store;
  std::unordered_map<std::string, device_actor> devices;

  static inline const char* name = "fleet";
};

/// Routes commands to device actors by (normalised) MAC, spawning them on
/// demand, linked. A device actor that stops (after a conflict, say) is
/// forgotten and respawned from its log on the next command.
fleet_actor::behavior_type
fleet_impl(fleet_actor::stateful_pointer<fleet_state> self, std::string tenant,
           store_actor store);

} // namespace passerelle
