#include "http/api_server.hpp"

#include "http/api_errors.hpp"

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
      server_(std::make_unique<httplib::Server>()),
      started_(std::chrono::steady_clock::now()) {
  auto& srv = *server_;
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which would let
  // a second gateway share the port silently.
  srv.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // Answers go out as headers then body: without TCP_NODELAY the body
  // waits ~40 ms for the client's delayed ACK (Nagle) on keep-alive.
  srv.set_tcp_nodelay(true);
  // httplib serves each keep-alive connection from one pool thread: a boot
  // storm of phones needs more than the default 8.
  srv.new_task_queue = [] { return new httplib::ThreadPool(64); };
  srv.set_payload_max_length(64 * 1024);
  srv.set_read_timeout(10, 0);
  srv.set_write_timeout(10, 0);
  srv.set_keep_alive_max_count(1000);
  srv.set_pre_routing_handler([this](const auto&, auto&) {
    requests_.fetch_add(1, std::memory_order_relaxed);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Any admin change may delete a device or renew its credentials: the
  // onboarding cache forgets everything once the handler (and so the
  // fleet) is done, before the answer goes out.
  srv.set_post_routing_handler([this](const auto& req, auto&) {
    if (may_change_devices(req))
      onboarded_.device_changed();
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
}

api_server::~api_server() = default;

bool api_server::listen(const std::string& host, uint16_t port,
                        std::string& error) {
  if (server_->bind_to_port(host.c_str(), port))
    return true;
  error = "cannot listen on HTTP " + host + ":" + std::to_string(port) +
          " (in use or not permitted)";
  return false;
}

void api_server::run() {
  server_->listen_after_bind();
}

void api_server::stop() {
  server_->stop();
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
