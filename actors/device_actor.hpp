#pragma once

#include "actors/event_sourced.hpp"
#include "actors/interfaces.hpp"
#include "events/device.hpp"

namespace passerelle {

/// State of a device actor (DESIGN.md): the fold of `device/<mac>`.
struct device_state {
  event_sourced<events::device_aggregate> es;

  static inline const char* name = "device";
};

/// The actor of one device, recovered from its stream at spawn, or, when
/// `probably_new`, only once a command finds the stream is not new
/// (event_sourced.hpp, `assume_new`). `listener`, if set, hears every
/// provision, onboarding and deletion once stored.
device_actor::behavior_type
device_impl(device_actor::stateful_pointer<device_state> self,
            std::string tenant, std::string mac, store_actor store,
            bool probably_new, device_listener listener);

} // namespace passerelle
