#pragma once

#include "actors/device_fold.hpp"
#include "actors/registrar_core.hpp"

namespace passerelle {

/// Rebuilds the registrar's index at start from the devices of the log
/// (`fold_devices`): every provisioned device gets its account (HA1 values),
/// so its first REGISTER needs no lookup, and its bindings back, so a
/// restart forgets no registration:
/// restart/resync can reach the phone, `GET /api/v1/devices/{mac}` shows live
/// expiries, and a binding that expired while the gateway was down is swept,
/// and recorded as expired, at the registrar's first tick. Stream connections
/// do not survive a restart: restored TCP/TLS bindings keep no connection.
/// Returns how many devices have bindings. Caller holds `core.mutex` (or
/// runs before the transports start).
size_t restore_registrations(registrar_core& core,
                             const folded_devices& devices);

/// The registrar's entry for what a device's log holds: its HA1 values and
/// stored bindings, `exists` if provisioned (not yet kept: incarnation 0).
account_entry account_of(const events::device_model& model);

/// Keeps the index in step with what a device actor stored (a
/// `device_listener`): a provisioned device's account is kept, with the
/// stored bindings if it was not kept yet, or started over if its
/// credentials changed; any other state forgets it, as `forget` does.
/// Caller holds `core.mutex`.
void learn(registrar_core& core, const events::device_model& model);

/// The registrar's form of a stored binding (without its connection).
sip::registrar::registration_binding
from_event(const std::string& aor, const events::registration_binding& b);

} // namespace passerelle
