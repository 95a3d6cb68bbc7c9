#include "actors/device_actor.hpp"

#include <caf/stateful_actor.hpp>

namespace passerelle {

namespace {

using aggregate = events::device_aggregate;

device_view to_view(const events::versioned<aggregate>& x) {
  return {x.model, x.version};
}

} // namespace

device_actor::behavior_type
device_impl(device_actor::stateful_pointer<device_state> self,
            std::string tenant, std::string mac, store_actor store,
            bool probably_new, device_listener listener) {
  self->state.es.tenant = std::move(tenant);
  self->state.es.stream = aggregate::stream_of(mac);
  self->state.es.store = std::move(store);
  if (probably_new)
    assume_new<aggregate>(self);
  else
    recover<aggregate>(self);
  // The view of a command that may change the credentials: tells the
  // listener first (also when nothing changed; it only keeps the latest).
  auto told = [listener =
                   std::move(listener)](const events::versioned<aggregate>& x) {
    if (listener)
      (*listener)(x.model);
    return to_view(x);
  };
  return {
      [self, mac, told](atom::provision, events::sip_credentials& creds,
                        std::string& caller) {
        // New credentials, new generation: the password derives from it.
        auto generation =
            self->state.es.current.model.credential_generation + 1;
        return execute<aggregate>(
            self, events::provision_device{mac, std::move(creds), generation},
            std::move(caller), told);
      },
      [self, told](atom::remove, std::string& reason, std::string& caller) {
        return execute<aggregate>(self,
                                  events::delete_device{std::move(reason)},
                                  std::move(caller), told);
      },
      [self](atom::bind, events::registration_binding& binding) {
        return execute<aggregate>(
            self, events::bind_registration{std::move(binding)},
            "device:" +
                self->state.es.stream.substr(aggregate::stream_prefix.size()),
            to_view);
      },
      [self](atom::unbind, std::string& contact, std::string& reason) {
        return execute<aggregate>(
            self,
            events::remove_registration{std::move(contact), std::move(reason)},
            "device:" +
                self->state.es.stream.substr(aggregate::stream_prefix.size()),
            to_view);
      },
      [self, mac, told](atom::onboard, events::phone_profile& phone,
                        events::sip_credentials& creds, uint32_t generation) {
        return execute<aggregate>(self,
                                  events::onboard_device{mac, std::move(phone),
                                                         std::move(creds),
                                                         generation},
                                  "device:" + mac, told);
      },
      [self](atom::outcome, events::command_outcome& result,
             std::string& caller) {
        return execute<aggregate>(self,
                                  events::record_command{std::move(result)},
                                  std::move(caller), to_view);
      },
      [self](atom::tick) { self->quit(); },
      [self](atom::get) { return query<aggregate>(self, to_view); },
  };
}

} // namespace passerelle
