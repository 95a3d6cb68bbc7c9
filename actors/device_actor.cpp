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
            std::string tenant, std::string mac, store_actor store) {
  self->state.es.tenant = std::move(tenant);
  self->state.es.stream = aggregate::stream_of(mac);
  self->state.es.store = std::move(store);
  recover<aggregate>(self);
  return {
      [self, mac](atom::provision, events::sip_credentials& creds,
                  std::string& caller) {
        return execute<aggregate>(
            self, events::provision_device{mac, std::move(creds)},
            std::move(caller), to_view);
      },
      [self](atom::remove, std::string& reason, std::string& caller) {
        return execute<aggregate>(self,
                                  events::delete_device{std::move(reason)},
                                  std::move(caller), to_view);
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
      [self](atom::tick) { self->quit(); },
      [self](atom::get) {
        auto view = to_view(self->state.es.current);
        // Nothing to keep in memory for a MAC that was never provisioned: a
        // spray of lookups must not leave an actor per guess behind.
        if (view.version == 0)
          self->quit();
        return view;
      },
  };
}

} // namespace passerelle
