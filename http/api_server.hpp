#pragma once

#include "actors/device_fold.hpp"
#include "actors/interfaces.hpp"
#include "actors/registrar_actor.hpp"
#include "events/ec.hpp"
#include "http/onboarding_bridge.hpp"
#include "http/onboarding_cache.hpp"
#include "http/phone_answer.hpp"
#include "http/phone_files.hpp"
#include "storage/store_metrics.hpp"

#include <caf/actor_system.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace httplib {
struct Request;
struct Response;
} // namespace httplib

namespace passerelle::http {

class handover_server;
class phone_front;
struct front_handlers;

/// What the HTTP side needs to know about the gateway.
struct api_settings {
  std::string admin_token;
  /// Recorded as `admin:<id>` on every admin event.
  std::string admin_token_id;
  std::string domain;
  uint16_t sip_port = 5060;
  uint16_t sips_port = 5061;
  std::string node;
  std::string durability;
  /// Derives device passwords (http/credentials.hpp).
  std::string credential_secret;
  std::string tenant = "default";
  std::string gateway_host;
  uint16_t http_port = 8080;
  /// More Prometheus text for /metrics (the SIP transports').
  std::function<std::string()> extra_metrics;
  /// Connections one address may hold on the HTTP port at once.
  size_t max_connections_per_ip = 1024;
  /// How long a restart or resync waits for the phone's answer before
  /// answering 202 (the outcome is still stored when it comes).
  std::chrono::milliseconds command_wait{8000};
};

/// Limits guesses of the admin token: after `max_failures` wrong tokens from
/// one address within `window`, that address is refused for `ban`.
class auth_limiter {
public:
  static constexpr int max_failures = 10;
  static constexpr auto window = std::chrono::seconds{60};
  static constexpr auto ban = std::chrono::seconds{300};

  bool banned(const std::string& ip, std::chrono::steady_clock::time_point now);

  void failed(const std::string& ip, std::chrono::steady_clock::time_point now);

private:
  struct entry {
    int failures = 0;
    std::chrono::steady_clock::time_point window_start;
    std::chrono::steady_clock::time_point banned_until;
  };
  std::mutex mtx_;
  std::unordered_map<std::string, entry> entries_;
};

/// The gateway's HTTP server: provisioning files, /healthz, /metrics and
/// the admin API under /api/v1. Phones' configuration fetches are answered
/// by an event-driven front (http/phone_front.hpp) that owns the port;
/// every other connection is handed to httplib routes. A phone's first
/// fetch is onboarded by an actor (http/onboarding_bridge.hpp) without
/// blocking the front; httplib's handlers talk to actors with blocking
/// requests that time out.
class api_server {
public:
  api_server(caf::actor_system& sys, fleet_actor fleet,
             registrar_actor registrar, storage::store_metrics& metrics,
             api_settings settings);

  ~api_server();

  /// Remembers every onboarded device of the log as folded at start
  /// (`fold_devices`), so that phones fetching again after a restart (a
  /// power cut) are answered without an actor round trip each. Call
  /// before `listen`: nothing can have changed since the fold.
  void remember_onboarded(const folded_devices& devices);

  /// Binds the port; false with a reason when it cannot.
  bool listen(const std::string& host, uint16_t port, std::string& error);

  /// Serves until `stop` (blocking).
  void run();

  /// Makes `run` return once open answers are written; thread-safe.
  void stop();

  /// The answer to a phone fetching `path`: its file rendered, or why not.
  /// A per-MAC file onboards the phone (blocking until the fleet answers,
  /// at most 15 s) unless it is known onboarded as it is now.
  phone_answer serve_phone_file(std::string_view path,
                                std::string_view user_agent,
                                std::string_view remote_addr);

  /// The same answer, handed to `done` once made, on whichever thread
  /// makes it (the caller's, or a CAF worker's once the fleet answered);
  /// never blocks. `done` is called once, unless the gateway stops first.
  void answer_phone_file(std::string_view path, std::string_view user_agent,
                         std::string_view remote_addr,
                         std::function<void(phone_answer)> done);

private:
  /// The answer to a fetch when it needs no fleet round trip (the file, a
  /// refusal, or a repeat fetch the onboarding cache knows), else the
  /// per-MAC file still waiting for its password.
  std::variant<phone_answer, pending_phone_file>
  answer_known_phone_file(std::string_view path, std::string_view user_agent,
                          std::string_view remote_addr);

  /// Onboards the phone of `file` (through the bridge), then hands its
  /// rendered file, or why not, to `done`.
  void onboard_then_answer(pending_phone_file file,
                           std::function<void(phone_answer)> done);

  void add_health_routes();
  void add_device_routes();
  void add_provisioning_routes();
  /// The front's way into the routes and the handover server.
  front_handlers make_front_handlers();
  void send_device_command(const httplib::Request& req, httplib::Response& res,
                           const std::string& mac, const std::string& command);
  void serve_config(const httplib::Request& req, httplib::Response& res);

  /// Checks the bearer token; answers 401/429 itself when it fails.
  bool authorized(const httplib::Request& req, httplib::Response& res);

  caf::actor_system& sys_;
  fleet_actor fleet_;
  registrar_actor registrar_;
  storage::store_metrics& metrics_;
  api_settings settings_;
  /// From `settings_`, for phones' files.
  phone_file_settings files_;
  std::unique_ptr<handover_server> server_;
  auth_limiter limiter_;
  /// Shared with the bridge.
  std::shared_ptr<onboarding_cache> onboarded_;
  /// Onboards phones on their first fetch; stopped when run() returns.
  onboarding_bridge_actor bridge_;
  std::chrono::steady_clock::time_point started_;
  std::atomic<uint64_t> requests_{0};
  std::atomic<uint64_t> auth_failures_{0};
  /// Of `requests_`, those the front answered itself.
  std::atomic<uint64_t> front_requests_{0};
  /// Connections the front handed to httplib.
  std::atomic<uint64_t> handed_connections_{0};
  /// Phone fetches that went to the fleet (the cache could not answer).
  std::atomic<uint64_t> onboardings_{0};
  /// Last: it calls into everything above until it is gone.
  std::unique_ptr<phone_front> front_;
};

} // namespace passerelle::http
