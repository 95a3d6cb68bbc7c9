#pragma once

#include "actors/device_notify.hpp"
#include "actors/interfaces.hpp"
#include "actors/registrar_core.hpp"
#include "sip/txn/non_invite_client.hpp"

#include <caf/typed_response_promise.hpp>

#include <memory>
#include <optional>
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
    // registered contact over its own connection; stores the outcome on
    // the device as said by the last argument (the event's actor), then
    // replies with it.
    caf::replies_to<atom::notify, std::string, std::string, std::string,
                    std::string>::with<events::command_outcome>,
    // Internal: a NOTIFY transaction's timer fired (branch, timer, gen).
    caf::reacts_to<atom::resend, std::string, uint32_t, uint64_t>,
    // Internal: the transport could not send a NOTIFY (branch).
    caf::reacts_to<atom::unsent, std::string>>;

/// A NOTIFY we sent: its client transaction (RFC 3261 17.1.2) and the
/// command it carries. Once the outcome is known the transaction lingers
/// (timer K) to absorb retransmitted answers.
struct pending_notify {
  pending_notify(const sip::txn::timer_config& timers,
                 sip::txn::transport_kind kind)
      : txn(timers, kind) {
    // nop
  }

  notify_request request;
  sip::registrar::registration_binding binding;
  std::string user;
  std::string command;
  /// Who asked, written into the outcome's event.
  std::string caller;
  bool auth_tried = false;
  sip::txn::non_invite_client txn;
  /// Whom to answer; empty once answered or handed to a retry.
  std::optional<caf::typed_response_promise<events::command_outcome>> promise;
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
