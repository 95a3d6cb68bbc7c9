#include "http/api_server.hpp"

#include "http/api_errors.hpp"
#include "http/handover_server.hpp"
#include "http/phone_front.hpp"

#include <caf/send.hpp>
#include <httplib.h>
#include <openssl/crypto.h>

#include <cstdio>

namespace passerelle::http {

int status_of(ec code) {
  switch (code) {
  case ec::invalid_argument:
    return 400;
  case ec::unauthorized:
    return 401;
  case ec::not_found:
    return 404;
  case ec::already_exists:
  case ec::conflict:
    return 409;
  case ec::timeout:
    return 503;
  default:
    return 500;
  }
}

namespace {

/// Connection rules, the same whichever server answers: the front or
/// httplib.
front_settings connection_rules(const api_settings& settings) {
  front_settings out; // the defaults are httplib's, as configured here
  out.max_connections_per_ip = settings.max_connections_per_ip;
  return out;
}

/// Whether a request may change a device (other than by onboarding).
bool may_change_devices(const httplib::Request& req) {
  return req.method != "GET" && req.method != "HEAD" &&
         req.path.starts_with("/api/");
}

} // namespace

bool auth_limiter::banned(const std::string& ip,
                          std::chrono::steady_clock::time_point now) {
  std::lock_guard<std::mutex> guard{mtx_};
  auto i = entries_.find(ip);
  return i != entries_.end() && now < i->second.banned_until;
}

void auth_limiter::failed(const std::string& ip,
                          std::chrono::steady_clock::time_point now) {
  std::lock_guard<std::mutex> guard{mtx_};
  if (entries_.size() > 100'000)
    entries_.clear(); // bounded memory under a spray of addresses
  auto& e = entries_[ip];
  if (now - e.window_start > window) {
    e.window_start = now;
    e.failures = 0;
  }
  if (++e.failures >= max_failures) {
    e.banned_until = now + ban;
    e.failures = 0;
  }
}

api_server::api_server(caf::actor_system& sys, fleet_actor fleet,
                       registrar_actor registrar,
                       storage::store_metrics& metrics, api_settings settings)
    : sys_(sys),
      fleet_(std::move(fleet)),
      registrar_(std::move(registrar)),
      metrics_(metrics),
      settings_(std::move(settings)),
      files_{settings_.tenant, settings_.gateway_host, settings_.http_port,
             settings_.sips_port, settings_.domain},
      // httplib serves each keep-alive connection the front hands it from
      // one pool thread, as many as it served every connection with before.
      server_(std::make_unique<handover_server>(64)),
      onboarded_(std::make_shared<onboarding_cache>()),
      started_(std::chrono::steady_clock::now()) {
  bridge_ = sys_.spawn(
      onboarding_bridge, fleet_, onboarded_,
      onboarding_settings{settings_.credential_secret, settings_.domain});
  auto& srv = *server_;
  auto rules = connection_rules(settings_);
  srv.set_payload_max_length(64 * 1024);
  srv.set_read_timeout(rules.read_timeout);
  srv.set_write_timeout(rules.write_timeout);
  srv.set_keep_alive_timeout(rules.keep_alive_timeout.count());
  srv.set_keep_alive_max_count(rules.keep_alive_max);
  srv.set_pre_routing_handler([this](const auto&, auto&) {
    requests_.fetch_add(1, std::memory_order_relaxed);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Any admin change may delete a device or renew its credentials: the
  // onboarding cache forgets everything once the handler (and so the
  // fleet) is done, before the answer goes out.
  srv.set_post_routing_handler([this](const auto& req, auto&) {
    if (may_change_devices(req))
      onboarded_->device_changed();
  });
  srv.set_error_handler(
      [](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty())
          return;
        auto code = res.status == 404 ? "not_found" : "bad_request";
        auto message = res.status == 404 ? "no such resource: " + req.path
                                         : "request refused";
        res.set_content(error_body(code, message), "application/json");
      });
  srv.set_exception_handler([](const auto&, auto& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(error_body("internal", "internal error"),
                    "application/json");
  });
  add_health_routes();
  add_device_routes();
  add_provisioning_routes(); // last: it ends with a catch-all
  front_ = std::make_unique<phone_front>(rules, make_front_handlers());
}

api_server::~api_server() {
  // Both call into the members below them until they are gone.
  front_.reset();
  server_.reset();
  // Jobs it still holds complete with a 503 (nobody waits for them any
  // more); they do not call into this object.
  caf::anon_send_exit(bridge_, caf::exit_reason::user_shutdown);
}

front_handlers api_server::make_front_handlers() {
  front_handlers out;
  out.answer =
      [this](const phone_fetch& f) -> std::variant<phone_answer, later_answer> {
    requests_.fetch_add(1, std::memory_order_relaxed);
    front_requests_.fetch_add(1, std::memory_order_relaxed);
    auto known = answer_known_phone_file(f.path, f.user_agent, f.remote_addr);
    if (auto* answer = std::get_if<phone_answer>(&known))
      return std::move(*answer);
    // The request is parsed once: the plan waits in the starter.
    return [this, file = std::move(std::get<pending_phone_file>(known))](
               answer_callback done) mutable {
      onboard_then_answer(std::move(file), std::move(done));
    };
  };
  out.hand_over = [this](handed_connection c) {
    handed_connections_.fetch_add(1, std::memory_order_relaxed);
    server_->serve(std::move(c));
  };
  return out;
}

bool api_server::listen(const std::string& host, uint16_t port,
                        std::string& error) {
  return front_->listen(host, port, error);
}

void api_server::run() {
  front_->run();
  // Every front connection has closed: no answer is owed to one. Jobs
  // the bridge still has (from httplib's threads, which stop_serving
  // ends) complete with a 503, so the actor system can stop.
  caf::anon_send_exit(bridge_, caf::exit_reason::user_shutdown);
}

void api_server::stop() {
  front_->stop();
  server_->stop_serving();
}

bool api_server::authorized(const httplib::Request& req,
                            httplib::Response& res) {
  auto now = std::chrono::steady_clock::now();
  if (limiter_.banned(req.remote_addr, now)) {
    res.status = 429;
    res.set_header("Retry-After", "300");
    res.set_content(error_body("too_many_attempts",
                               "too many wrong tokens from this address"),
                    "application/json");
    return false;
  }
  auto header = req.get_header_value("Authorization");
  static constexpr std::string_view scheme = "Bearer ";
  auto& token = settings_.admin_token;
  bool ok = header.size() == scheme.size() + token.size() &&
            std::string_view{header}.substr(0, scheme.size()) == scheme &&
            CRYPTO_memcmp(header.data() + scheme.size(), token.data(),
                          token.size()) == 0;
  if (ok)
    return true;
  auth_failures_.fetch_add(1, std::memory_order_relaxed);
  limiter_.failed(req.remote_addr, now);
  std::fprintf(stderr, "admin auth failed from %s on %s %s\n",
               req.remote_addr.c_str(), req.method.c_str(), req.path.c_str());
  res.status = 401;
  res.set_header("WWW-Authenticate", "Bearer realm=\"passerelle\"");
  res.set_content(error_body("unauthorized", header.empty()
                                                 ? "missing bearer token"
                                                 : "wrong bearer token"),
                  "application/json");
  return false;
}

} // namespace passerelle::http
