#include "actors/registrar_actor.hpp"

#include "actors/errors.hpp"
#include "actors/registrar_notify.hpp"

#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>

#include <cstdio>

namespace passerelle {

namespace {

using namespace sip;
using self_ptr = registrar_self;

constexpr auto tick_interval = std::chrono::seconds{5};

void run(self_ptr self, registrar_step_ptr step);

/// Looks the account up on its device, then goes on in the core.
void lookup_account(self_ptr self, registrar_step_ptr step) {
  // No timeout: the fleet always answers, with an error if a device
  // actor is gone; a timer per REGISTER would cost a clock-thread wakeup.
  self->request(self->state.fleet, caf::infinite, atom::get_v, step->user)
      .then(
          [self, step](const device_view& v) {
            registrar_step_ptr next;
            {
              std::lock_guard lock{self->state.core->mutex};
              next = on_account(*self->state.core, *step, &v);
            }
            if (next)
              run(self, std::move(next));
          },
          [self, step](caf::error&) {
            std::lock_guard lock{self->state.core->mutex};
            on_account(*self->state.core, *step, nullptr);
          });
}

/// Stores every new, changed or removed binding on the device, then lets
/// the core answer.
void commit(self_ptr self, registrar_step_ptr step) {
  struct progress {
    size_t pending = 0;
    bool failed = false;
  };
  auto state = std::make_shared<progress>();
  auto settle = [self, step, state](bool ok) {
    if (!ok && !state->failed) {
      state->failed = true;
      std::lock_guard lock{self->state.core->mutex};
      on_committed(*self->state.core, *step, false);
    }
    if (--state->pending == 0 && !state->failed) {
      std::lock_guard lock{self->state.core->mutex};
      on_committed(*self->state.core, *step, true);
    }
  };
  auto on_error = [settle](caf::error& err) {
    std::fprintf(stderr, "registration not stored: %s\n",
                 caf::to_string(err).c_str());
    settle(false);
  };
  for (auto& c : step->decision.changes)
    state->pending += registrar::is_event(c.kind) ? 1 : 0;
  for (auto& c : step->decision.changes) {
    if (!registrar::is_event(c.kind))
      continue;
    if (c.kind != registrar::change_kind::removed)
      self->request(self->state.fleet, caf::infinite, atom::bind_v, step->user,
                    to_event(c.binding))
          .then([settle](const device_view&) { settle(true); }, on_error);
    else
      self->request(self->state.fleet, caf::infinite, atom::unbind_v,
                    step->user, c.binding.contact, std::string{"unregistered"})
          .then([settle](const device_view&) { settle(true); }, on_error);
  }
}

void run(self_ptr self, registrar_step_ptr step) {
  switch (step->what) {
  case registrar_step::kind::lookup_account:
    return lookup_account(self, std::move(step));
  case registrar_step::kind::commit:
    return commit(self, std::move(step));
  case registrar_step::kind::response:
    return on_notify_response(self, *step->request);
  }
}

/// Drops expired bindings and records them on their device.
void expire_bindings(self_ptr self) {
  std::vector<std::pair<std::string, registrar::registration_binding>> gone;
  {
    std::lock_guard lock{self->state.core->mutex};
    gone = sweep(*self->state.core);
  }
  for (auto& [user, b] : gone)
    self->request(self->state.fleet, caf::infinite, atom::unbind_v, user,
                  b.contact, std::string{"expired"})
        .then([](const device_view&) {},
              [](caf::error& err) {
                std::fprintf(stderr, "expiry not stored: %s\n",
                             caf::to_string(err).c_str());
              });
  self->delayed_send(self, tick_interval, atom::tick_v);
}

} // namespace

registrar_actor::behavior_type
registrar_impl(self_ptr self, fleet_actor fleet,
               std::shared_ptr<registrar_core> core) {
  self->state.fleet = std::move(fleet);
  self->state.core = std::move(core);
  self->delayed_send(self, tick_interval, atom::tick_v);
  return {
      [self](atom::sip_in, registrar_step_ptr step) {
        run(self, std::move(step));
      },
      [self](atom::tick) { expire_bindings(self); },
      [self](atom::notify, const std::string& mac, const std::string& command,
             const std::string& vendor, const std::string& caller) {
        return start_notify(self, mac, command, vendor, caller);
      },
      [self](atom::resend, const std::string& branch, uint32_t timer,
             uint64_t gen) { on_notify_timer(self, branch, timer, gen); },
      [self](atom::unsent, const std::string& branch) {
        on_notify_unsent(self, branch);
      },
      [self](atom::get, const std::string& user)
          -> caf::result<std::vector<events::registration_binding>> {
        std::lock_guard lock{self->state.core->mutex};
        auto& accounts = self->state.core->accounts;
        auto i = accounts.find(user);
        if (i == accounts.end())
          // Not seen since start: the stored bindings are the best answer.
          return make_error(ec::not_found, "no REGISTER since start");
        std::vector<events::registration_binding> out;
        for (auto& b : i->second.bindings)
          out.push_back(to_event(b));
        return out;
      },
  };
}

sip::transport::message_handler
sip_message_handler(std::shared_ptr<registrar_core> core,
                    const registrar_actor* registrar) {
  return [core, registrar](sip::transport::inbound_message&& in) {
    registrar_step_ptr step;
    {
      std::lock_guard lock{core->mutex};
      step = on_message(*core, std::move(in));
    }
    if (step)
      caf::anon_send(*registrar, atom::sip_in_v, std::move(step));
  };
}

} // namespace passerelle
