#pragma once

#include "actors/atoms.hpp"
#include "events/device.hpp"
#include "storage/event_store.hpp"

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace passerelle {

/// What an event-sourced actor needs to come back: the latest snapshot, if
/// any, and every event after it.
struct stream_recovery {
  bool has_snapshot = false;
  storage::snapshot_record snapshot;
  std::vector<events::envelope> tail;
};

template <class Inspector>
auto inspect(Inspector& f, stream_recovery& x) {
  return f(x.has_snapshot, x.snapshot, x.tail);
}

/// What the store answers a `create`: the stream's first events are
/// stored (`created`, and where they landed), or the stream already had
/// events and nothing was written (`existing`: what `load` answers).
struct create_outcome {
  bool created = false;
  storage::append_ack ack;
  stream_recovery existing;
};

template <class Inspector>
auto inspect(Inspector& f, create_outcome& x) {
  return f(x.created, x.ack, x.existing);
}

/// A device as the API shows it.
struct device_view {
  events::device_model model;
  uint64_t version = 0;
};

template <class Inspector>
auto inspect(Inspector& f, device_view& x) {
  return f(x.model.mac, x.model.lifecycle, x.model.credentials.username,
           x.model.credentials.realm, x.model.credentials.ha1_md5,
           x.model.credentials.ha1_sha256, x.model.credential_generation,
           x.model.onboarded, x.model.phone, x.model.last_command,
           x.model.bindings, x.version);
}

/// Told by a device actor, in its log's order, the state a provision,
/// onboarding or deletion left stored (credentials, lifecycle). Runs on the
/// device actor's thread: it must be quick and must not block on actors.
/// Shared, not copied, by the device actors.
using device_listener =
    std::shared_ptr<const std::function<void(const events::device_model&)>>;

/// The event store (actors/store_actor.hpp).
using store_actor = caf::typed_actor<
    // Appends events to a stream; replies once they are durable.
    caf::replies_to<atom::append,
                    storage::append_request>::with<storage::append_ack>,
    // Appends the first events of a stream (expected_version 0); replies
    // once they are durable. A stream that has events is loaded instead
    // and nothing is written: how a writer that guessed "new" finds out,
    // in the same round trip (not a write conflict).
    caf::replies_to<atom::create,
                    storage::append_request>::with<create_outcome>,
    // Loads (tenant, stream): its latest snapshot and the events after it.
    caf::replies_to<atom::load, std::string,
                    std::string>::with<stream_recovery>,
    // Saves the snapshot of (tenant, stream).
    caf::replies_to<atom::snapshot, std::string, std::string,
                    storage::snapshot_record>::with<uint64_t>,
    // Internal: writes every staged append as one batch.
    caf::reacts_to<atom::flush>>;

/// One device, keyed by MAC (actors/device_actor.hpp).
using device_actor = caf::typed_actor<
    // Provisions the device with credentials; the string names the caller.
    caf::replies_to<atom::provision, events::sip_credentials,
                    std::string>::with<device_view>,
    // Deletes the device: (reason, caller).
    caf::replies_to<atom::remove, std::string, std::string>::with<device_view>,
    // Current state.
    caf::replies_to<atom::get>::with<device_view>,
    // Records a new or changed binding (a refresh that changes nothing is
    // not stored).
    caf::replies_to<atom::bind,
                    events::registration_binding>::with<device_view>,
    // Drops the binding of a contact: (contact, reason).
    caf::replies_to<atom::unbind, std::string, std::string>::with<device_view>,
    // Records a phone's configuration request, provisioning the device
    // with (credentials, generation) first when it does not exist.
    caf::replies_to<atom::onboard, events::phone_profile,
                    events::sip_credentials, uint32_t>::with<device_view>,
    // Records the outcome of a restart or resync.
    caf::replies_to<atom::outcome, events::command_outcome,
                    std::string>::with<device_view>,
    // From the fleet: stop; the next command respawns the actor from its
    // log (passivation).
    caf::reacts_to<atom::tick>>;

/// Routes device commands by MAC, spawning device actors on demand
/// (actors/fleet_actor.hpp).
using fleet_actor = caf::typed_actor<
    caf::replies_to<atom::provision, std::string, events::sip_credentials,
                    std::string>::with<device_view>,
    caf::replies_to<atom::remove, std::string, std::string,
                    std::string>::with<device_view>,
    caf::replies_to<atom::get, std::string>::with<device_view>,
    caf::replies_to<atom::bind, std::string,
                    events::registration_binding>::with<device_view>,
    caf::replies_to<atom::unbind, std::string, std::string,
                    std::string>::with<device_view>,
    caf::replies_to<atom::onboard, std::string, events::phone_profile,
                    events::sip_credentials, uint32_t>::with<device_view>,
    caf::replies_to<atom::outcome, std::string, events::command_outcome,
                    std::string>::with<device_view>,
    // Internal: passivates idle device actors.
    caf::reacts_to<atom::tick>>;

} // namespace passerelle
