#include "sip/transport/self_signed_cert.hpp"

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <openssl/ssl.h>

#include <fstream>
#include <sstream>

using namespace passerelle::sip::transport;
using namespace passerelle::sip::transport::test;

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in{p, std::ios::binary};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

hub_config tls_config(const temp_dir& dir) {
  auto cfg = loopback_config(dir.path());
  cfg.enable_udp = false;
  cfg.enable_tcp = false;
  return cfg;
}

} // namespace

TEST_CASE("a REGISTER over TLS gets its reply on the same connection",
          "[tls]") {
  temp_dir dir;
  running_hub h{tls_config(dir)};
  REQUIRE(h.ports.tls != 0);
  CHECK(h.ports.udp == 0);
  auto ctx = insecure_client_context();
  stream_client phone{h.ports.tls, ctx};
  REQUIRE_FALSE(phone.handshake_error());
  REQUIRE(phone.write(sample_register("tls1", "TLS")));
  auto m = h.messages.pop();
  REQUIRE(m);
  CHECK(m->transport == protocol::tls);
  CHECK(m->source_port == phone.local_port());
  CHECK(m->local_port == h.ports.tls);
  CHECK(m->connection_id != 0);
  h.hub.send(reply_target(*m), sample_response("tls1"));
  CHECK(phone.read_until("\r\n\r\n") == sample_response("tls1"));
  CHECK(eventually(
      [&] { return h.hub.counters().messages_out(protocol::tls) == 1; }));

  // Keep-alives work over TLS too (RFC 5626 4.4.1).
  REQUIRE(phone.write("\r\n\r\n"));
  CHECK(phone.read_until("\r\n") == "\r\n");
}

TEST_CASE("a TLS 1.1 client is refused", "[tls]") {
  temp_dir dir;
  running_hub h{tls_config(dir)};
  asio::ssl::context ctx{asio::ssl::context::tls_client};
  ctx.set_verify_mode(asio::ssl::verify_none);
  // Let the client offer TLS 1.1 at all, so the refusal is the server's.
  SSL_CTX_set_security_level(ctx.native_handle(), 0);
  SSL_CTX_set_cipher_list(ctx.native_handle(), "DEFAULT:@SECLEVEL=0");
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_VERSION);
  SSL_CTX_set_max_proto_version(ctx.native_handle(), TLS1_1_VERSION);
  stream_client old{h.ports.tls, ctx};
  CHECK(old.handshake_error());
  CHECK(eventually([&] {
    return h.hub.counters().closes(close_reason::handshake_failed) == 1;
  }));

  // A TLS 1.2 client still gets in.
  auto modern_ctx = insecure_client_context();
  SSL_CTX_set_max_proto_version(modern_ctx.native_handle(), TLS1_2_VERSION);
  stream_client modern{h.ports.tls, modern_ctx};
  CHECK_FALSE(modern.handshake_error());
}

TEST_CASE("the self-signed certificate survives a restart", "[tls][cert]") {
  temp_dir dir;
  std::string served;
  {
    running_hub h{tls_config(dir)};
    auto ctx = insecure_client_context();
    stream_client phone{h.ports.tls, ctx};
    REQUIRE_FALSE(phone.handshake_error());
    served = phone.peer_certificate_pem();
  }
  auto cert = slurp(dir.path() / "tls" / "cert.pem");
  auto key = slurp(dir.path() / "tls" / "key.pem");
  CHECK(served == cert);
  {
    running_hub h{tls_config(dir)};
    auto ctx = insecure_client_context();
    stream_client phone{h.ports.tls, ctx};
    REQUIRE_FALSE(phone.handshake_error());
    CHECK(phone.peer_certificate_pem() == cert);
  }
  CHECK(slurp(dir.path() / "tls" / "cert.pem") == cert);
  CHECK(slurp(dir.path() / "tls" / "key.pem") == key);
}

TEST_CASE("configured certificate files are used as given", "[tls][cert]") {
  temp_dir dir;
  temp_dir elsewhere;
  auto made = ensure_self_signed_cert(elsewhere.path(), "given.example");
  REQUIRE(made.ok());
  auto cfg = tls_config(dir);
  cfg.tls_cert_file = made.files.cert;
  cfg.tls_key_file = made.files.key;
  running_hub h{cfg};
  auto ctx = insecure_client_context();
  stream_client phone{h.ports.tls, ctx};
  REQUIRE_FALSE(phone.handshake_error());
  CHECK(phone.peer_certificate_pem() == slurp(made.files.cert));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "tls"));
}

TEST_CASE("a missing certificate file fails start with a reason",
          "[tls][cert]") {
  temp_dir dir;
  auto cfg = tls_config(dir);
  cfg.tls_cert_file = dir.path() / "absent.pem";
  cfg.tls_key_file = dir.path() / "absent.key";
  transport_hub hub{cfg, [](inbound_message&&) {}};
  auto st = hub.start();
  CHECK_FALSE(st.ok());
  CHECK(st.error.find("absent.pem") != std::string::npos);
}

TEST_CASE("a TLS handshake that never comes times out", "[tls][limits]") {
  temp_dir dir;
  auto cfg = tls_config(dir);
  cfg.limits.tls_handshake_timeout = std::chrono::milliseconds{200};
  running_hub h{cfg};
  stream_client silent{h.ports.tls}; // plain TCP, says nothing
  CHECK(silent.wait_closed());
  CHECK(eventually([&] {
    return h.hub.counters().closes(close_reason::handshake_timeout) == 1;
  }));
}
