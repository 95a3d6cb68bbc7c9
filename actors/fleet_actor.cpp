#include "actors/fleet_actor.hpp"

#include "actors/device_actor.hpp"
#include "actors/errors.hpp"

#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>

namespace passerelle {

namespace {

using self_ptr = fleet_actor::stateful_pointer<fleet_state>;

/// The device actor for `mac`, spawned (and monitored) if needed.
device_actor device_for(self_ptr self, const std::string& mac) {
  auto& devices = self->state.devices;
  if (auto i = devices.find(mac); i != devices.end())
    return i->second;
  // Linked: devices go down with the fleet; the fleet outlives them.
  auto dev = self->spawn<caf::linked>(device_impl, self->state.tenant, mac,
                                      self->state.store);
  devices.emplace(mac, dev);
  return dev;
}

caf::error bad_mac(const std::string& text) {
  return make_error(ec::invalid_argument, "not a MAC address: " + text);
}

} // namespace

fleet_actor::behavior_type fleet_impl(self_ptr self, std::string tenant,
                                      store_actor store) {
  self->state.tenant = std::move(tenant);
  self->state.store = std::move(store);
  self->set_exit_handler([self](const caf::exit_msg& msg) {
    auto& devices = self->state.devices;
    for (auto i = devices.begin(); i != devices.end(); ++i)
      if (i->second.address() == msg.source) {
        devices.erase(i); // respawned from its log on the next command
        return;
      }
    self->quit(msg.reason);
  });
  return {
      [self](atom::provision, const std::string& text,
             events::sip_credentials& creds,
             std::string& caller) -> caf::result<device_view> {
        auto mac = events::normalize_mac(text);
        if (!mac)
          return bad_mac(text);
        return self->delegate(device_for(self, *mac), atom::provision_v,
                              std::move(creds), std::move(caller));
      },
      [self](atom::remove, const std::string& text, std::string& reason,
             std::string& caller) -> caf::result<device_view> {
        auto mac = events::normalize_mac(text);
        if (!mac)
          return bad_mac(text);
        return self->delegate(device_for(self, *mac), atom::remove_v,
                              std::move(reason), std::move(caller));
      },
      [self](
          atom::bind, const std::string& text,
          events::registration_binding& binding) -> caf::result<device_view> {
        auto mac = events::normalize_mac(text);
        if (!mac)
          return bad_mac(text);
        return self->delegate(device_for(self, *mac), atom::bind_v,
                              std::move(binding));
      },
      [self](atom::unbind, const std::string& text, std::string& contact,
             std::string& reason) -> caf::result<device_view> {
        auto mac = events::normalize_mac(text);
        if (!mac)
          return bad_mac(text);
        return self->delegate(device_for(self, *mac), atom::unbind_v,
                              std::move(contact), std::move(reason));
      },
      [self](atom::get, const std::string& text) -> caf::result<device_view> {
        auto mac = events::normalize_mac(text);
        if (!mac)
          return bad_mac(text);
        return self->delegate(device_for(self, *mac), atom::get_v);
      },
  };
}

} // namespace passerelle
