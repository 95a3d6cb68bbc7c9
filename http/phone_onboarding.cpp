#include "http/api_server.hpp"

#include "http/credentials.hpp"
#include "http/fleet_client.hpp"

namespace passerelle::http {

namespace {

/// The generation proposed on a first fetch: a new device's. A deleted
/// device needs its next one; it refuses this one and we ask.
constexpr uint32_t first_generation = 1;

/// How long a configuration fetch waits for the fleet.
constexpr caf::timespan fleet_timeout = std::chrono::seconds{15};

} // namespace

std::variant<std::string, failure>
api_server::onboard_phone(const std::string& mac, events::phone_profile phone) {
  auto& secret = settings_.credential_secret;
  if (auto known = onboarded_.password_for(mac, phone))
    return std::move(*known);
  auto ticket = onboarded_.ticket();
  auto generation = first_generation;
  auto creds =
      derive_credentials(secret, mac, settings_.domain, first_generation);
  auto out = ask_fleet(sys_, fleet_, fleet_timeout, atom::onboard_v, mac, phone,
                       creds.stored, generation);
  if (auto* f = std::get_if<failure>(&out); f && f->code == ec::conflict) {
    // Deleted before (or changed meanwhile): ask which generation is next.
    auto current = ask_fleet(sys_, fleet_, fleet_timeout, atom::get_v, mac);
    if (auto* g = std::get_if<failure>(&current))
      return *g;
    auto& model = std::get<device_view>(current).model;
    generation = model.lifecycle == events::device_lifecycle::provisioned
                     ? model.credential_generation
                     : model.credential_generation + 1;
    creds = derive_credentials(secret, mac, settings_.domain, generation);
    out = ask_fleet(sys_, fleet_, fleet_timeout, atom::onboard_v, mac,
                    std::move(phone), creds.stored, generation);
  }
  if (auto* f = std::get_if<failure>(&out))
    return *f;
  auto& view = std::get<device_view>(out);
  // An existing device keeps its generation, whatever was proposed.
  auto password =
      view.model.credential_generation == generation
          ? std::move(creds.password)
          : derive_password(secret, mac, view.model.credential_generation);
  onboarded_.remember(mac, view, password, ticket);
  return password;
}

} // namespace passerelle::http
