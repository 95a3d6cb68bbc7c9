#include "http/api_server.hpp"

#include "gateway/version.hpp"
#include "http/handover_server.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace passerelle::http {

void api_server::add_health_routes() {
  server_->Get("/healthz",
               [this](const httplib::Request&, httplib::Response& res) {
                 auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::steady_clock::now() - started_);
                 nlohmann::json body{
                     {"status", "ok"},
                     {"version", passerelle::version},
                     {"node", settings_.node},
                     {"uptime_seconds", uptime.count()},
                     {"store",
                      {{"durability", settings_.durability},
                       {"last_position", metrics_.last_position.load()},
                       {"events", metrics_.events.load()}}},
                 };
                 res.set_content(body.dump(), "application/json");
               });
  server_->Get("/metrics", [this](const httplib::Request&,
                                  httplib::Response& res) {
    auto text = metrics_.render();
    auto put = [&text](std::string_view name, std::string_view type,
                       std::string_view help, uint64_t value) {
      text.append("# HELP ").append(name).append(" ").append(help);
      text.append("\n# TYPE ").append(name).append(" ").append(type);
      text.append("\n").append(name).append(" ");
      text.append(std::to_string(value)).append("\n");
    };
    put("passerelle_http_requests_total", "counter", "HTTP requests received.",
        requests_.load());
    put("passerelle_http_front_requests_total", "counter",
        "HTTP requests the front answered itself (phone configuration "
        "fetches).",
        front_requests_.load());
    put("passerelle_http_onboardings_total", "counter",
        "Phone configuration fetches that went to the fleet: first fetches, "
        "and phones not known onboarded as they are now.",
        onboardings_.load());
    put("passerelle_http_onboarded_cache_devices", "gauge",
        "Onboarded phones whose next fetch needs no fleet round trip.",
        onboarded_->size());
    put("passerelle_http_handed_connections_total", "counter",
        "Connections the front handed to the admin API server.",
        handed_connections_.load());
    put("passerelle_http_refused_connections_total", "counter",
        "Connections closed at once: their address held its share "
        "(--http-max-connections-per-ip).",
        front_->refused_connections());
    put("passerelle_admin_auth_failures_total", "counter",
        "Admin API requests with a missing or wrong token.",
        auth_failures_.load());
    if (settings_.extra_metrics)
      text += settings_.extra_metrics();
    res.set_content(text, "text/plain; version=0.0.4");
  });
}

} // namespace passerelle::http
