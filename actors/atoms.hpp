#pragma once

#include <caf/type_id.hpp>

// Every atom of the project, in one type-ID block (STYLE.md).
CAF_BEGIN_TYPE_ID_BLOCK(passerelle, caf::first_custom_type_id)

/// Append events to a stream.
CAF_ADD_ATOM(passerelle, passerelle::atom, append, "append")
/// Write what the store has staged (group commit).
CAF_ADD_ATOM(passerelle, passerelle::atom, flush, "flush")
/// Load a stream's latest snapshot and the events after it.
CAF_ADD_ATOM(passerelle, passerelle::atom, load, "load")
/// Save a stream's snapshot.
CAF_ADD_ATOM(passerelle, passerelle::atom, snapshot, "snapshot")
/// Create a device.
CAF_ADD_ATOM(passerelle, passerelle::atom, provision, "provision")
/// Delete a device.
CAF_ADD_ATOM(passerelle, passerelle::atom, remove, "remove")
/// Read a device's current state.
CAF_ADD_ATOM(passerelle, passerelle::atom, get, "get")
/// Record a new or changed registration binding.
CAF_ADD_ATOM(passerelle, passerelle::atom, bind, "bind")
/// Drop a registration binding.
CAF_ADD_ATOM(passerelle, passerelle::atom, unbind, "unbind")
/// A SIP message from a transport.
CAF_ADD_ATOM(passerelle, passerelle::atom, sip_in, "sip_in")
/// A periodic housekeeping tick.
CAF_ADD_ATOM(passerelle, passerelle::atom, tick, "tick")
/// A phone fetched its own configuration.
CAF_ADD_ATOM(passerelle, passerelle::atom, onboard, "onboard")
/// Record the outcome of a restart or resync.
CAF_ADD_ATOM(passerelle, passerelle::atom, outcome, "outcome")
/// Send an out-of-dialog NOTIFY (restart, resync) to a device.
CAF_ADD_ATOM(passerelle, passerelle::atom, notify, "notify")
/// A pending NOTIFY's transaction timer fired (RFC 3261 17.1.2).
CAF_ADD_ATOM(passerelle, passerelle::atom, resend, "resend")
/// The transport could not send a pending NOTIFY (RFC 3261 17.1.4).
CAF_ADD_ATOM(passerelle, passerelle::atom, unsent, "unsent")
/// Append the first events of a stream, only if it has none yet.
CAF_ADD_ATOM(passerelle, passerelle::atom, create, "create")

CAF_END_TYPE_ID_BLOCK(passerelle)
