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
    text += "# HELP passerelle_http_requests_total HTTP requests received.\n"
            "# TYPE passerelle_http_requests_total counter\n"
            "passerelle_http_requests_total " +
            std::to_string(requests_.load()) + "\n";
    text += "# HELP passerelle_http_front_requests_total HTTP requests the "
            "front answered itself (phone configuration fetches).\n"
            "# TYPE passerelle_http_front_requests_total counter\n"
            "passerelle_http_front_requests_total " +
            std::to_string(front_requests_.load()) + "\n";
    text += "# HELP passerelle_http_onboardings_total Phone configuration "
            "fetches that went to the fleet: first fetches, and phones not "
            "known onboarded as they are now.\n"
            "# TYPE passerelle_http_onboardings_total counter\n"
            "passerelle_http_onboardings_total " +
            std::to_string(onboardings_.load()) + "\n";
    text += "# HELP passerelle_http_onboarded_cache_devices Onboarded "
            "phones whose next fetch needs no fleet round trip.\n"
            "# TYPE passerelle_http_onboarded_cache_devices gauge\n"
            "passerelle_http_onboarded_cache_devices " +
            std::to_string(onboarded_->size()) + "\n";
    text += "# HELP passerelle_http_handed_connections_total Connections "
            "the front handed to the admin API server.\n"
            "# TYPE passerelle_http_handed_connections_total counter\n"
            "passerelle_http_handed_connections_total " +
            std::to_string(handed_connections_.load()) + "\n";
    text += "# HELP passerelle_http_refused_connections_total Connections "
            "closed at once: their address held its share "
            "(--http-max-connections-per-ip).\n"
            "# TYPE passerelle_http_refused_connections_total counter\n"
            "passerelle_http_refused_connections_total " +
            std::to_string(front_->refused_connections()) + "\n";
    text += "# HELP passerelle_admin_auth_failures_total Admin API requests "
            "with a missing or wrong token.\n"
            "# TYPE passerelle_admin_auth_failures_total counter\n"
            "passerelle_admin_auth_failures_total " +
            std::to_string(auth_failures_.load()) + "\n";
    if (settings_.extra_metrics)
      text += settings_.extra_metrics();
    res.set_content(text, "text/plain; version=0.0.4");
  });
}

} // namespace passerelle::http
