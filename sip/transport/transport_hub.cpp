#include "sip/transport/transport_hub.hpp"

#include "sip/transport/stream_listener.hpp"
#include "sip/transport/tls_context.hpp"
#include "sip/transport/udp_endpoint.hpp"

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/ssl/context.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace passerelle::sip::transport {

namespace {

// With port 0, UDP and TCP must still share one port: TCP picks it and
// UDP follows, which fails only if another socket holds that UDP port.
constexpr int shared_port_attempts = 20;

std::size_t thread_count(const hub_config& cfg) {
  return std::clamp<std::size_t>(cfg.threads, 1, 256);
}

} // namespace

struct transport_hub::impl {
  impl(hub_config cfg, message_handler on_message, close_handler on_closed)
      : state(std::make_shared<hub_state>(std::move(cfg), std::move(on_message),
                                          std::move(on_closed))),
        io(static_cast<int>(thread_count(state->config))) {
    // nop
  }

  setup_status open_udp_and_tcp(const asio::ip::address& addr);
  setup_status open_tls(const asio::ip::address& addr);
  void run_io();
  void send_stream(const send_target& to, std::string bytes, send_handler done);
  void send_udp(const send_target& to, std::string bytes, send_handler done);

  // Handlers hold `state`; connections hold streams over `tls`: both
  // must outlive `io`, which destroys whatever handlers are left.
  std::shared_ptr<hub_state> state;
  asio::ssl::context tls{asio::ssl::context::tls_server};
  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>>
      work;
  std::shared_ptr<udp_endpoint> udp;
  std::shared_ptr<stream_listener> tcp;
  std::shared_ptr<stream_listener> tls_listener;
  std::vector<std::thread> threads;
  bound_ports ports;
  std::atomic<bool> running{false};
  bool started = false;
  std::mutex lifecycle;
};

setup_status
transport_hub::impl::open_udp_and_tcp(const asio::ip::address& addr) {
  const auto& cfg = state->config;
  bool both = cfg.enable_udp && cfg.enable_tcp;
  int attempts = both && cfg.port == 0 ? shared_port_attempts : 1;
  setup_status st;
  for (int i = 0; i < attempts; ++i) {
    auto port = cfg.port;
    std::shared_ptr<stream_listener> t;
    std::shared_ptr<udp_endpoint> u;
    if (cfg.enable_tcp) {
      t = std::make_shared<stream_listener>(io, state, nullptr);
      if (st = t->open({addr, port}); !st.ok())
        return st;
      port = t->port();
    }
    if (cfg.enable_udp) {
      u = std::make_shared<udp_endpoint>(io, state);
      if (st = u->open({addr, port}); !st.ok())
        continue;
      port = u->port();
    }
    tcp = std::move(t);
    udp = std::move(u);
    ports.tcp = tcp ? port : 0;
    ports.udp = udp ? port : 0;
    return {};
  }
  return st;
}

setup_status transport_hub::impl::open_tls(const asio::ip::address& addr) {
  const auto& cfg = state->config;
  if (auto st = configure_server_context(tls, cfg); !st.ok())
    return st;
  tls_listener = std::make_shared<stream_listener>(io, state, &tls);
  if (auto st = tls_listener->open({addr, cfg.tls_port}); !st.ok())
    return st;
  ports.tls = tls_listener->port();
  return {};
}

void transport_hub::impl::run_io() {
  // A handler that throws (the message handler is user code) must not
  // take the thread down with it; the I/O loop goes on.
  for (;;) {
    try {
      io.run();
      return;
    } catch (...) {
      // nop
    }
  }
}

void transport_hub::impl::send_stream(const send_target& to, std::string bytes,
                                      send_handler done) {
  std::shared_ptr<connection> c;
  if (to.connection_id != 0)
    c = state->connections.find(to.connection_id);
  // RFC 3261 18.2.2: when that connection is gone, another one to the
  // same peer serves as well.
  if (!c)
    c = state->connections.find(to.transport, to.ip, to.port);
  if (!c) {
    state->counters.dropped(drop_reason::no_connection);
    if (done)
      done(errc::no_connection);
    return;
  }
  c->send(std::move(bytes), std::move(done));
}

void transport_hub::impl::send_udp(const send_target& to, std::string bytes,
                                   send_handler done) {
  std::error_code ec;
  std::string_view ip = to.ip;
  if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']')
    ip = ip.substr(1, ip.size() - 2);
  auto addr = asio::ip::make_address(std::string{ip}, ec);
  if (ec || !udp || to.port == 0) {
    state->counters.dropped(drop_reason::no_connection);
    if (done)
      done(udp ? errc::bad_address : errc::no_connection);
    return;
  }
  udp->send({addr, to.port}, std::move(bytes), std::move(done));
}

transport_hub::transport_hub(hub_config cfg, message_handler on_message,
                             close_handler on_closed)
    : impl_(std::make_unique<impl>(std::move(cfg), std::move(on_message),
                                   std::move(on_closed))) {
  // nop
}

transport_hub::~transport_hub() {
  stop();
}

setup_status transport_hub::start() {
  std::lock_guard<std::mutex> guard{impl_->lifecycle};
  auto& d = *impl_;
  if (d.started)
    return {"the transport hub was already started"};
  d.started = true;
  const auto& cfg = d.state->config;
  std::error_code ec;
  auto addr = asio::ip::make_address(cfg.bind_address, ec);
  if (ec)
    return {std::string{"bad bind address "}.append(cfg.bind_address)};
  if (auto st = d.open_udp_and_tcp(addr); !st.ok())
    return st;
  if (cfg.enable_tls)
    if (auto st = d.open_tls(addr); !st.ok())
      return st;
  if (d.udp)
    d.udp->start();
  if (d.tcp)
    d.tcp->start();
  if (d.tls_listener)
    d.tls_listener->start();
  d.work.emplace(d.io.get_executor());
  for (std::size_t i = 0; i < thread_count(cfg); ++i)
    d.threads.emplace_back([&d] { d.run_io(); });
  d.running = true;
  return {};
}

void transport_hub::stop() {
  std::lock_guard<std::mutex> guard{impl_->lifecycle};
  auto& d = *impl_;
  if (!d.running)
    return;
  // Set first: a connection admitted after the snapshot below sees it
  // when it starts and closes itself.
  d.state->stopping = true;
  if (d.udp)
    d.udp->close();
  if (d.tcp)
    d.tcp->close();
  if (d.tls_listener)
    d.tls_listener->close();
  for (const auto& c : d.state->connections.snapshot())
    c->close(close_reason::stopped);
  // With every socket and timer closed, run() returns on its own.
  d.work.reset();
  for (auto& t : d.threads)
    t.join();
  d.threads.clear();
  d.running = false;
}

bound_ports transport_hub::ports() const {
  return impl_->ports;
}

void transport_hub::send(const send_target& to, std::string bytes,
                         send_handler done) {
  if (!impl_->running || impl_->state->stopping) {
    if (done)
      done(errc::stopped);
    return;
  }
  if (to.transport == protocol::udp)
    impl_->send_udp(to, std::move(bytes), std::move(done));
  else
    impl_->send_stream(to, std::move(bytes), std::move(done));
}

void transport_hub::close_connection(std::uint64_t id) {
  if (auto c = impl_->state->connections.find(id))
    c->close(close_reason::stopped);
}

std::size_t transport_hub::open_connections() const {
  return impl_->state->connections.size();
}

const transport_counters& transport_hub::counters() const {
  return impl_->state->counters;
}

std::string transport_hub::render_prometheus() const {
  return impl_->state->counters.render_prometheus();
}

} // namespace passerelle::sip::transport
