#include "http/phone_front.hpp"

#include "http/front_connection.hpp"

#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <atomic>
#include <vector>

namespace passerelle::http {

namespace {

/// How often idle and stuck connections are looked for.
constexpr auto sweep_interval = std::chrono::seconds{1};

} // namespace

struct phone_front::impl {
  impl(front_settings s, front_handlers h)
      : ctx(std::move(s), std::move(h)),
        acceptor(ctx.io),
        retry(ctx.io),
        sweep(ctx.io),
        work(ctx.io.get_executor()) {
    ctx.drained = [this] { sweep.cancel(); };
  }

  void accept_next() {
    acceptor.async_accept(
        [this](const std::error_code& ec, asio::ip::tcp::socket socket) {
          on_accept(ec, std::move(socket));
        });
  }

  void on_accept(const std::error_code& ec, asio::ip::tcp::socket socket) {
    if (ec == asio::error::operation_aborted || ctx.stopping)
      return;
    if (ec) {
      // Out of descriptors or similar: back off instead of spinning.
      retry.expires_after(std::chrono::milliseconds{100});
      retry.async_wait([this](const std::error_code& e) {
        if (!e && !ctx.stopping)
          accept_next();
      });
      return;
    }
    std::error_code ignored;
    auto peer = socket.remote_endpoint(ignored);
    auto ip = ignored ? std::string{} : peer.address().to_string();
    if (ignored || !ctx.admit(ip)) {
      // Gone already, or this address holds its share: it costs only
      // itself, not the phones behind other addresses.
      refused.fetch_add(1, std::memory_order_relaxed);
      socket.close(ignored);
      return accept_next();
    }
    // Each answer is one write: nothing to wait for.
    socket.set_option(asio::ip::tcp::no_delay{true}, ignored);
    auto c = std::make_shared<front_connection>(ctx, std::move(socket),
                                                std::move(ip), peer.port());
    ctx.open.emplace(c.get(), c);
    c->start();
    accept_next();
  }

  /// The connections still open, so that closing one while going through
  /// them is safe.
  std::vector<std::shared_ptr<front_connection>> open_connections() {
    std::vector<std::shared_ptr<front_connection>> out;
    out.reserve(ctx.open.size());
    for (auto& [_, weak] : ctx.open)
      if (auto c = weak.lock())
        out.push_back(std::move(c));
    return out;
  }

  void arm_sweep() {
    sweep.expires_after(sweep_interval);
    sweep.async_wait([this](const std::error_code& ec) {
      if (ec)
        return;
      auto now = front_connection::clock::now();
      for (auto& c : open_connections())
        c->check_deadline(now);
      if (!(ctx.stopping && ctx.open.empty()))
        arm_sweep();
    });
  }

  /// On the I/O thread.
  void begin_stop() {
    if (ctx.stopping)
      return;
    ctx.stopping = true;
    std::error_code ignored;
    acceptor.close(ignored);
    retry.cancel();
    for (auto& c : open_connections())
      c->stop();
    if (ctx.open.empty())
      sweep.cancel();
    // Open connections, those waiting for answers too, keep run() going;
    // the sweep closes any that stay stuck.
    work.reset();
  }

  front_context ctx;
  asio::ip::tcp::acceptor acceptor;
  asio::steady_timer retry;
  asio::steady_timer sweep;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  /// Connections closed at once: their address held its share.
  std::atomic<uint64_t> refused{0};
};

phone_front::phone_front(front_settings settings, front_handlers handlers)
    : impl_(std::make_unique<impl>(std::move(settings), std::move(handlers))) {
  // nop
}

phone_front::~phone_front() {
  // Answers still being made post back to the I/O context: they find the
  // door closed from now on.
  impl_->ctx.door->close();
}

bool phone_front::listen(const std::string& host, uint16_t port,
                         std::string& error) {
  using asio::ip::tcp;
  std::error_code ec;
  tcp::endpoint at;
  auto address = asio::ip::make_address(host, ec);
  if (!ec) {
    at = {address, port};
  } else {
    tcp::resolver resolver{impl_->ctx.io};
    auto found = resolver.resolve(host, std::to_string(port), ec);
    if (!ec && !found.empty())
      at = found.begin()->endpoint();
    else if (!ec)
      ec = asio::error::host_not_found;
  }
  auto& acceptor = impl_->acceptor;
  if (!ec)
    acceptor.open(at.protocol(), ec);
  // SO_REUSEADDR only: SO_REUSEPORT would let a second gateway share the
  // port silently.
  if (!ec)
    acceptor.set_option(tcp::acceptor::reuse_address{true}, ec);
  if (!ec)
    acceptor.bind(at, ec);
  if (!ec)
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec)
    return true;
  std::error_code ignored;
  acceptor.close(ignored);
  error = "cannot listen on HTTP " + host + ":" + std::to_string(port) +
          " (in use or not permitted)";
  return false;
}

uint64_t phone_front::refused_connections() const {
  return impl_->refused.load(std::memory_order_relaxed);
}

uint16_t phone_front::local_port() const {
  std::error_code ec;
  auto at = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : at.port();
}

void phone_front::run() {
  asio::post(impl_->ctx.io, [this] {
    if (impl_->ctx.stopping)
      return;
    impl_->accept_next();
    impl_->arm_sweep();
  });
  // Returns once stopping with no connection open; one waiting for an
  // answer stays open (and the sweep running) until the answer comes or
  // its deadline passes.
  impl_->ctx.io.run();
}

void phone_front::stop() {
  asio::post(impl_->ctx.io, [this] { impl_->begin_stop(); });
}

} // namespace passerelle::http
