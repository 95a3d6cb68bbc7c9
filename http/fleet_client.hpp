#pragma once

#include "actors/errors.hpp"
#include "actors/interfaces.hpp"

#include <caf/actor_system.hpp>
#include <caf/after.hpp>
#include <caf/blocking_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/timespan.hpp>

#include <utility>
#include <variant>

namespace passerelle::http {

/// A device as the fleet answered, or why it did not.
using fleet_answer = std::variant<device_view, failure>;

/// The calling thread's actor for blocking requests into `sys`, made on
/// first use: a handler thread reuses it instead of spawning a scoped actor
/// per request.
caf::scoped_actor& thread_requester(caf::actor_system& sys);

/// Forgets the calling thread's requester, so that an answer arriving after
/// its timeout does not sit in a reused mailbox.
void drop_thread_requester();

/// Asks the fleet and blocks for its answer, at most `timeout`. The
/// timeout is the receive's own: a request timeout would go through CAF's
/// clock thread (a wake-up per request) and, never cancelled, leave a late
/// error in the reused mailbox.
template <class... Ts>
fleet_answer ask_fleet(caf::actor_system& sys, const fleet_actor& fleet,
                       caf::timespan timeout, Ts&&... xs) {
  fleet_answer out = failure{ec::timeout, "no answer from the fleet"};
  bool timed_out = false;
  auto& self = thread_requester(sys);
  auto handle = self->request(fleet, caf::infinite, std::forward<Ts>(xs)...);
  caf::blocking_actor::accept_one_cond one;
  self->varargs_receive(
      one, handle.id(), [&](device_view& v) { out = std::move(v); },
      [&](caf::error& err) { out = to_failure(err); },
      caf::after(timeout) >> [&] { timed_out = true; });
  if (timed_out)
    drop_thread_requester();
  return out;
}

} // namespace passerelle::http
