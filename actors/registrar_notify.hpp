#pragma once

#include "actors/registrar_actor.hpp"

#include <caf/result.hpp>

namespace passerelle {

using registrar_self = registrar_actor::stateful_pointer<registrar_state>;

/// Sends (mac, command, vendor) as a NOTIFY client transaction (RFC 3261
/// 17.1.2) to the device's freshest binding. The outcome is stored on the
/// device as said by `caller`, then delivered.
caf::result<events::command_outcome> start_notify(registrar_self self,
                                                  const std::string& mac,
                                                  const std::string& command,
                                                  const std::string& vendor,
                                                  const std::string& caller);

/// A NOTIFY transaction's timer (`sip::txn::timer_id`) fired.
void on_notify_timer(registrar_self self, const std::string& branch,
                     uint32_t timer, uint64_t gen);

/// The transport could not send a NOTIFY (RFC 3261 17.1.4).
void on_notify_unsent(registrar_self self, const std::string& branch);

/// A response that may answer one of our NOTIFYs.
void on_notify_response(registrar_self self, const received& r);

} // namespace passerelle
