#include "actors/fleet_actor.hpp"

#include "actors/device_actor.hpp"
#include "actors/errors.hpp"

#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>
#include <caf/stateful_actor.hpp>

#include <malloc.h>

// jemalloc's control call, when the process is linked with it.
extern "C" int mallctl(const char*, void*, size_t*, void*, size_t)
    __attribute__((weak));

namespace passerelle {

namespace {

using self_ptr = fleet_actor::stateful_pointer<fleet_state>;

/// The device actor for `mac`, spawned (and monitored) if needed; see
/// device_impl for `probably_new`.
device_actor device_for(self_ptr self, const std::string& mac,
                        bool probably_new = false) {
  auto& devices = self->state.devices;
  auto now = std::chrono::steady_clock::now();
  if (auto i = devices.find(mac); i != devices.end()) {
    i->second.last_used = now;
    return i->second.handle;
  }
  // Monitored, not linked: CAF 0.17 keeps links in a list on the fleet,
  // so unlinking 100k passivated devices was quadratic and stalled it.
  // A monitor lives on the device; the fleet stops its devices itself.
  auto dev = self->spawn<caf::monitored>(device_impl, self->state.tenant, mac,
                                         self->state.store, probably_new,
                                         self->state.listener);
  devices.emplace(mac, live_device{dev, now});
  self->state.macs.emplace(dev.address(), mac);
  return dev;
}

constexpr auto sweep_interval = std::chrono::seconds{5};

/// After this many passivations the freed actors' memory is handed back to
/// the system: glibc keeps freed chunks in the heap otherwise, and a storm
/// of registrations would leave its peak as the process's RSS for good.
/// jemalloc (the gateway's allocator) does it on its own within seconds;
/// asking makes it immediate.
constexpr size_t trim_after = 1024;

void release_free_memory() {
  if (mallctl != nullptr) {
    mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0); // all arenas
    return;
  }
  malloc_trim(0);
}

/// Stops device actors nobody used for `idle_after`.
void passivate_idle(self_ptr self) {
  auto& st = self->state;
  // The actors stopped at the previous sweep are gone by now.
  if (st.passivated_since_trim >= trim_after) {
    release_free_memory();
    st.passivated_since_trim = 0;
  }
  auto cutoff = std::chrono::steady_clock::now() - st.idle_after;
  for (auto i = st.devices.begin(); i != st.devices.end();) {
    if (i->second.last_used < cutoff) {
      self->send(i->second.handle, atom::tick_v);
      st.macs.erase(i->second.handle.address());
      i = st.devices.erase(i);
      ++st.passivated_since_trim;
    } else {
      ++i;
    }
  }
  self->delayed_send(self, sweep_interval, atom::tick_v);
}

caf::error bad_mac(const std::string& text) {
  return make_error(ec::invalid_argument, "not a MAC address: " + text);
}

} // namespace

fleet_actor::behavior_type fleet_impl(self_ptr self, std::string tenant,
                                      store_actor store,
                                      std::chrono::seconds idle_after,
                                      device_listener listener) {
  self->state.tenant = std::move(tenant);
  self->state.listener = std::move(listener);
  self->state.store = std::move(store);
  self->state.idle_after = idle_after;
  self->delayed_send(self, sweep_interval, atom::tick_v);
  self->set_down_handler([self](const caf::down_msg& msg) {
    auto& st = self->state;
    if (auto i = st.macs.find(msg.source); i != st.macs.end()) {
      st.devices.erase(i->second); // respawned from its log on next use
      st.macs.erase(i);
    }
    // Otherwise a passivated device, already forgotten.
  });
  self->set_exit_handler([self](const caf::exit_msg& msg) {
    // Shutdown: the devices go down with the fleet.
    for (auto& [mac, dev] : self->state.devices)
      self->send_exit(dev.handle, msg.reason);
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
      [self](atom::tick) { passivate_idle(self); },
      [self](atom::outcome, const std::string& text,
             events::command_outcome& result,
             std::string& caller) -> caf::result<device_view> {
        auto mac = events::normalize_mac(text);
        if (!mac)
          return bad_mac(text);
        return self->delegate(device_for(self, *mac), atom::outcome_v,
                              std::move(result), std::move(caller));
      },
      [self](atom::onboard, const std::string& text,
             events::phone_profile& phone, events::sip_credentials& creds,
             uint32_t generation) -> caf::result<device_view> {
        auto mac = events::normalize_mac(text);
        if (!mac)
          return bad_mac(text);
        // A phone the gateway has no actor for is mostly a new one (a
        // first fetch; the HTTP cache answers repeats of known phones).
        return self->delegate(device_for(self, *mac, true), atom::onboard_v,
                              std::move(phone), std::move(creds), generation);
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
