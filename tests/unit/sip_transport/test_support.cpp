#include "test_support.hpp"

#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <atomic>
#include <random>
#include <stdexcept>

namespace passerelle::sip::transport::test {

temp_dir::temp_dir() {
  static std::atomic<int> serial{0};
  std::random_device rd;
  std::string name = "passerelle-transport-";
  name += std::to_string(rd());
  name += '-';
  name += std::to_string(serial++);
  path_ = std::filesystem::temp_directory_path() / name;
  std::filesystem::create_directories(path_);
}

temp_dir::~temp_dir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void inbox::push(inbound_message&& m) {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    items_.push_back(std::move(m));
  }
  cv_.notify_all();
}

std::optional<inbound_message> inbox::pop(std::chrono::milliseconds limit) {
  std::unique_lock<std::mutex> lock{mutex_};
  if (!cv_.wait_for(lock, limit, [this] { return !items_.empty(); }))
    return std::nullopt;
  auto m = std::move(items_.front());
  items_.pop_front();
  return m;
}

std::size_t inbox::size() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return items_.size();
}

hub_config loopback_config(const std::filesystem::path& data_dir) {
  hub_config cfg;
  cfg.bind_address = "127.0.0.1";
  cfg.port = 0;
  cfg.tls_port = 0;
  cfg.threads = 2;
  cfg.domain = "sip.test";
  cfg.data_dir = data_dir;
  return cfg;
}

running_hub::running_hub(hub_config cfg)
    : hub(std::move(cfg),
          [this](inbound_message&& m) { messages.push(std::move(m)); }) {
  auto st = hub.start();
  if (!st.ok())
    throw std::runtime_error(st.error);
  ports = hub.ports();
}

running_hub::~running_hub() {
  hub.stop();
}

std::string sample_register(std::string_view call_id,
                            std::string_view via_transport,
                            std::string_view body) {
  std::string m = "REGISTER sip:sip.test SIP/2.0\r\n"
                  "Via: SIP/2.0/";
  m += via_transport;
  m += " 192.0.2.10:5060;branch=z9hG4bK-";
  m += call_id;
  m += ";rport\r\n"
       "Max-Forwards: 70\r\n"
       "From: <sip:1001@sip.test>;tag=a1\r\n"
       "To: <sip:1001@sip.test>\r\n"
       "Call-ID: ";
  m += call_id;
  m += "\r\n"
       "CSeq: 1 REGISTER\r\n"
       "Contact: <sip:1001@192.0.2.10:5060>\r\n"
       "Expires: 3600\r\n"
       "Content-Length: ";
  m += std::to_string(body.size());
  m += "\r\n\r\n";
  m += body;
  return m;
}

std::string sample_response(std::string_view call_id) {
  std::string m = "SIP/2.0 200 OK\r\n"
                  "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-";
  m += call_id;
  m += "\r\n"
       "From: <sip:1001@sip.test>;tag=a1\r\n"
       "To: <sip:1001@sip.test>;tag=b2\r\n"
       "Call-ID: ";
  m += call_id;
  m += "\r\n"
       "CSeq: 1 REGISTER\r\n"
       "Content-Length: 0\r\n\r\n";
  return m;
}

udp_client::udp_client(std::string_view ip) : socket_(io_) {
  socket_.open(asio::ip::udp::v4());
  socket_.bind({asio::ip::make_address(std::string(ip)), 0});
}

std::uint16_t udp_client::port() const {
  return socket_.local_endpoint().port();
}

void udp_client::send_to(std::uint16_t port, std::string_view bytes) {
  socket_.send_to(asio::buffer(bytes.data(), bytes.size()),
                  {asio::ip::make_address("127.0.0.1"), port});
}

std::optional<std::string>
udp_client::receive(std::chrono::milliseconds limit) {
  std::string buffer(65536, '\0');
  asio::ip::udp::endpoint from;
  std::optional<std::string> out;
  socket_.async_receive_from(asio::buffer(buffer), from,
                             [&](const std::error_code& ec, std::size_t n) {
                               if (!ec)
                                 out = buffer.substr(0, n);
                             });
  io_.restart();
  io_.run_for(limit);
  if (!io_.stopped()) {
    socket_.cancel();
    io_.restart();
    io_.run();
  }
  return out;
}

stream_client::stream_client(std::uint16_t port) : plain_(io_) {
  plain_.connect({asio::ip::make_address("127.0.0.1"), port});
}

stream_client::stream_client(std::uint16_t port, asio::ssl::context& ctx)
    : plain_(io_) {
  plain_.connect({asio::ip::make_address("127.0.0.1"), port});
  tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket>>(
      std::move(plain_), ctx);
  bool done = false;
  tls_->async_handshake(asio::ssl::stream_base::client,
                        [&](const std::error_code& ec) {
                          handshake_error_ = ec;
                          done = true;
                        });
  io_.restart();
  io_.run_for(deadline);
  if (!done) {
    handshake_error_ = asio::error::timed_out;
    tls_->next_layer().close();
    io_.restart();
    io_.run();
  }
}

std::uint16_t stream_client::local_port() const {
  auto& self = const_cast<stream_client&>(*this);
  return self.lowest().local_endpoint().port();
}

std::string stream_client::peer_certificate_pem() {
  if (!tls_)
    return {};
  auto* cert = SSL_get1_peer_certificate(tls_->native_handle());
  if (cert == nullptr)
    return {};
  auto* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  auto size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  X509_free(cert);
  return pem;
}

bool stream_client::write(std::string_view bytes) {
  std::error_code ec;
  with_stream([&](auto& s) {
    asio::write(s, asio::buffer(bytes.data(), bytes.size()), ec);
  });
  return !ec;
}

std::size_t stream_client::read_some(std::chrono::milliseconds limit,
                                     std::error_code& ec) {
  char buffer[8192];
  std::size_t got = 0;
  bool done = false;
  ec = asio::error::timed_out;
  with_stream([&](auto& s) {
    s.async_read_some(asio::buffer(buffer),
                      [&](const std::error_code& e, std::size_t n) {
                        ec = e;
                        got = n;
                        done = true;
                      });
  });
  io_.restart();
  io_.run_for(limit);
  if (!done) {
    lowest().cancel();
    io_.restart();
    io_.run();
    ec = asio::error::timed_out;
  }
  received_.append(buffer, got);
  return got;
}

std::optional<std::string>
stream_client::read_until(std::string_view needle,
                          std::chrono::milliseconds limit) {
  auto end = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (auto at = received_.find(needle); at != std::string::npos) {
      auto out = received_.substr(0, at + needle.size());
      received_.erase(0, at + needle.size());
      return out;
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= end)
      return std::nullopt;
    std::error_code ec;
    read_some(std::chrono::duration_cast<std::chrono::milliseconds>(end - now),
              ec);
    if (ec && received_.find(needle) == std::string::npos)
      return std::nullopt;
  }
}

bool stream_client::wait_closed(std::chrono::milliseconds limit) {
  auto end = std::chrono::steady_clock::now() + limit;
  for (;;) {
    auto now = std::chrono::steady_clock::now();
    if (now >= end)
      return false;
    std::error_code ec;
    read_some(std::chrono::duration_cast<std::chrono::milliseconds>(end - now),
              ec);
    if (ec && ec != asio::error::timed_out)
      return true;
  }
}

asio::ssl::context insecure_client_context() {
  asio::ssl::context ctx{asio::ssl::context::tls_client};
  ctx.set_verify_mode(asio::ssl::verify_none);
  return ctx;
}

} // namespace passerelle::sip::transport::test
