#pragma once

#include "actors/device_fold.hpp"
#include "actors/registrar_core.hpp"

namespace passerelle {

/// Rebuilds the registrar's index at start from the devices of the log
/// (`fold_devices`): every device with stored bindings gets its account (HA1
/// values) and bindings back, so a restart forgets no registration:
/// restart/resync can reach the phone, `GET /api/v1/devices/{mac}` shows live
/// expiries, and a binding that expired while the gateway was down is swept,
/// and recorded as expired, at the registrar's first tick. Stream connections
/// do not survive a restart: restored TCP/TLS bindings keep no connection.
/// Returns how many devices have bindings. Caller holds `core.mutex` (or
/// runs before the transports start).
size_t restore_registrations(registrar_core& core,
                             const folded_devices& devices);

/// The registrar's form of a stored binding (without its connection).
sip::registrar::registration_binding
from_event(const std::string& aor, const events::registration_binding& b);

} // namespace passerelle
