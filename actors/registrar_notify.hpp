#pragma once

#include "actors/registrar_actor.hpp"

#include <caf/result.hpp>

namespace passerelle {

using registrar_self = registrar_actor::stateful_pointer<registrar_state>;

/// Sends (mac, command, vendor) as a NOTIFY client transaction to the
/// device's freshest binding; the result is delivered when it ends.
caf::result<events::command_outcome> start_notify(registrar_self self,
                                                  const std::string& mac,
                                                  const std::string& command,
                                                  const std::string& vendor);

/// Timers E and F of RFC 3261 17.1.2 in one.
void resend_notify(registrar_self self, const std::string& branch,
                   uint32_t attempt);

/// A response that may answer one of our NOTIFYs.
void on_notify_response(registrar_self self, const received& r);

} // namespace passerelle
