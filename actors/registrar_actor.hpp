#pragma once

#include "actors/device_notify.hpp"
#include "actors/interfaces.hpp"
#include "actors/registrar_core.hpp"

#include <caf/typed_response_promise.hpp>

#include <memory>
#include <random>
#include <string>
#include <unordered_map>

namespace passerelle {

/// The SIP front door for requests to the gateway itself (DESIGN.md,
/// "Runtime shape"): REGISTER with digest authentication, OPTIONS, and the
/// RFC 3261 answers for everything else. The transports run the common
/// cases in the `registrar_core` they share with this actor
/// (`sip_message_handler`); the actor does what needs the fleet.
using registrar_actor = caf::typed_actor<
    // A step the core could not finish alone.
    caf::reacts_to<atom::sip_in, registrar_step_ptr>,
    // Internal: drops bindings that expired.
    caf::reacts_to<atom::tick>,
    // The live bindings of a device (by MAC), with current expiries:
    // fresher than the stored ones, which refreshes do not touch.
    caf::replies_to<atom::get, std::string>::with<
        std::vector<events::registration_binding>>,
    // Sends (mac, command, vendor) — restart or resync — to the device's
    // registered contact over its own connection; replies with the outcome.
    caf::replies_to<atom::notify, std::string, std::string,
                    std::string>::with<events::command_outcome>,
    // Internal: retransmits or times out a pending NOTIFY (branch, try).
    caf::reacts_to<atom::resend, std::string, uint32_t>>;

/// A NOTIFY we sent and are waiting on (a client transaction, RFC 3261
/// 17.1.2).
struct pending_notify {
  notify_request request;
  sip::registrar::registration_binding binding;
  std::string user;
  std::string command;
  bool auth_tried = false;
  caf::typed_response_promise<events::command_outcome> promise;
};

struct registrar_state {
  // Not an aggregate: CAF would try to build it from the actor pointer.
  registrar_state() = default;

  fleet_actor fleet;
  std::shared_ptr<registrar_core> core;
  std::unordered_map<std::string, pending_notify> notifies;
  std::mt19937_64 rng{std::random_device{}()};

  static inline const char* name = "registrar";
};

registrar_actor::behavior_type
registrar_impl(registrar_actor::stateful_pointer<registrar_state> self,
               fleet_actor fleet, std::shared_ptr<registrar_core> core);

/// The transports' message handler: runs `on_message` on the calling (I/O)
/// thread and hands what is left to `*registrar`, which must be set before
/// the first message arrives.
sip::transport::message_handler
sip_message_handler(std::shared_ptr<registrar_core> core,
                    const registrar_actor* registrar);

} // namespace passerelle
