#include "http/api_server.hpp"

#include "actors/errors.hpp"
#include "http/api_errors.hpp"
#include "http/credentials.hpp"
#include "http/fleet_client.hpp"
#include "http/handover_server.hpp"

#include <caf/scoped_actor.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <variant>

namespace passerelle::http {

namespace {

constexpr auto actor_timeout = std::chrono::seconds{15};

void reply_error(httplib::Response& res, const failure& f) {
  res.status = status_of(f.code);
  res.set_content(error_body(to_string(f.code), f.message), "application/json");
}

nlohmann::json device_json(const device_view& v, const std::string& domain) {
  auto registrations = nlohmann::json::array();
  for (auto& b : v.model.bindings)
    registrations.push_back(events::to_json(b));
  return {
      {"mac", v.model.mac},
      {"state", to_string(v.model.lifecycle)},
      {"version", v.version},
      {"sip", {{"username", v.model.credentials.username}, {"domain", domain}}},
      // As last stored: a refresh that only moves the expiry is not an
      // event, so expires_at_ns is the one of the last stored change.
      {"registrations", registrations},
      {"onboarded", v.model.onboarded},
      // What the phone said when it fetched its configuration; the
      // firmware_unsupported flag is the one admins look for.
      {"phone", events::to_json(v.model.phone)},
      {"last_command", events::to_json(v.model.last_command)}};
}

} // namespace

/// Restart or resync (PROTOCOLS.md §5): the registrar sends the vendor's
/// NOTIFY to the registered contact and stores what the phone did on the
/// device. 200 with the outcome once stored; 202 with "pending" when the
/// phone has not answered within `command_wait` (its transaction goes on
/// until timer F, and the outcome is stored then).
void api_server::send_device_command(const httplib::Request&,
                                     httplib::Response& res,
                                     const std::string& mac_text,
                                     const std::string& command) {
  auto current = ask_fleet(sys_, fleet_, actor_timeout, atom::get_v, mac_text);
  if (auto* f = std::get_if<failure>(&current))
    return reply_error(res, *f);
  auto& view = std::get<device_view>(current);
  if (view.model.lifecycle != events::device_lifecycle::provisioned)
    return reply_error(res, {ec::not_found, "no such device"});
  events::command_outcome outcome{command, "pending", 0};
  std::optional<failure> failed;
  {
    caf::scoped_actor self{sys_};
    self->request(registrar_, settings_.command_wait, atom::notify_v,
                  view.model.mac, command, view.model.phone.vendor,
                  "admin:" + settings_.admin_token_id)
        .receive([&](events::command_outcome& x) { outcome = std::move(x); },
                 [&](caf::error& err) {
                   if (auto f = to_failure(err); f.code != ec::timeout)
                     failed = std::move(f);
                 });
  }
  if (failed)
    return reply_error(res, *failed);
  nlohmann::json body{{"mac", view.model.mac},
                      {"command", outcome.command},
                      {"outcome", outcome.outcome},
                      {"status", outcome.status}};
  res.status = outcome.outcome == "pending" ? 202 : 200;
  res.set_content(body.dump(), "application/json");
}

void api_server::add_device_routes() {
  server_->Post("/api/v1/devices", [this](const httplib::Request& req,
                                          httplib::Response& res) {
    if (!authorized(req, res))
      return;
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("mac") ||
        !body["mac"].is_string())
      return reply_error(res, {ec::invalid_argument,
                               "expected a JSON object with a \"mac\" string"});
    auto mac = events::normalize_mac(body["mac"].get<std::string>());
    if (!mac)
      return reply_error(
          res, {ec::invalid_argument,
                "not a MAC address: " + body["mac"].get<std::string>()});
    // The device actor gives the next credential generation; derive the
    // password for it.
    auto current = ask_fleet(sys_, fleet_, actor_timeout, atom::get_v, *mac);
    if (auto* f = std::get_if<failure>(&current))
      return reply_error(res, *f);
    auto& known = std::get<device_view>(current).model;
    if (known.lifecycle == events::device_lifecycle::provisioned)
      return reply_error(res,
                         {ec::already_exists, "device " + *mac + " exists"});
    auto creds =
        derive_credentials(settings_.credential_secret, *mac, settings_.domain,
                           known.credential_generation + 1);
    auto out = ask_fleet(sys_, fleet_, actor_timeout, atom::provision_v, *mac,
                         creds.stored, "admin:" + settings_.admin_token_id);
    if (auto* f = std::get_if<failure>(&out))
      return reply_error(res, *f);
    res.status = 201;
    res.set_header("Location", "/api/v1/devices/" + *mac);
    nlohmann::json reply{{"mac", *mac},
                         {"sip",
                          {{"username", creds.stored.username},
                           {"password", creds.password},
                           {"domain", settings_.domain},
                           {"port", settings_.sip_port},
                           {"tls_port", settings_.sips_port}}}};
    res.set_content(reply.dump(), "application/json");
  });
  server_->Get(R"(/api/v1/devices/([^/]+))", [this](const httplib::Request& req,
                                                    httplib::Response& res) {
    if (!authorized(req, res))
      return;
    auto out = ask_fleet(sys_, fleet_, actor_timeout, atom::get_v,
                         std::string{req.matches[1]});
    if (auto* f = std::get_if<failure>(&out))
      return reply_error(res, *f);
    auto& view = std::get<device_view>(out);
    if (view.model.lifecycle != events::device_lifecycle::provisioned)
      return reply_error(res, {ec::not_found, "no such device"});
    // The registrar's bindings carry the expiry of the latest refresh.
    if (registrar_) {
      caf::scoped_actor self{sys_};
      self->request(registrar_, actor_timeout, atom::get_v, view.model.mac)
          .receive(
              [&](std::vector<events::registration_binding>& live) {
                view.model.bindings = std::move(live);
              },
              [](caf::error&) {
                // keep the stored bindings
              });
    }
    res.set_content(device_json(view, settings_.domain).dump(),
                    "application/json");
  });
  server_->Post(R"(/api/v1/devices/([^/]+)/(restart|resync))",
                [this](const httplib::Request& req, httplib::Response& res) {
                  if (!authorized(req, res))
                    return;
                  send_device_command(req, res, req.matches[1], req.matches[2]);
                });
  server_->Delete(R"(/api/v1/devices/([^/]+))",
                  [this](const httplib::Request& req, httplib::Response& res) {
                    if (!authorized(req, res))
                      return;
                    auto out =
                        ask_fleet(sys_, fleet_, actor_timeout, atom::remove_v,
                                  std::string{req.matches[1]},
                                  std::string{"deleted by admin"},
                                  "admin:" + settings_.admin_token_id);
                    if (auto* f = std::get_if<failure>(&out))
                      return reply_error(res, *f);
                    // The registrar forgot the old credentials before the fleet
                    // answered: the device actor tells it (device_listener).
                    auto& view = std::get<device_view>(out);
                    res.set_content(device_json(view, settings_.domain).dump(),
                                    "application/json");
                  });
}

} // namespace passerelle::http
