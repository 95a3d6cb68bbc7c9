#include "sip/transport/tls_context.hpp"

#include "sip/transport/self_signed_cert.hpp"

#include <openssl/ssl.h>

namespace passerelle::sip::transport {

namespace {

setup_status fail(std::string_view what, const std::filesystem::path& path,
                  const std::error_code& ec) {
  setup_status st;
  st.error = what;
  st.error += ' ';
  st.error += path.string();
  st.error += ": ";
  st.error += ec.message();
  return st;
}

} // namespace

setup_status configure_server_context(asio::ssl::context& ctx,
                                      const hub_config& cfg) {
  certificate_files files{cfg.tls_cert_file, cfg.tls_key_file};
  if (files.cert.empty() != files.key.empty())
    return {"both a TLS certificate and a TLS key are needed"};
  if (files.cert.empty()) {
    auto made = ensure_self_signed_cert(cfg.data_dir, cfg.domain);
    if (!made.ok())
      return {made.error};
    files = made.files;
  }
  std::error_code ec;
  ctx.set_options(
      asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
          asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
          asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use,
      ec);
  if (ec)
    return {std::string{"cannot set TLS options: "}.append(ec.message())};
  auto* native = ctx.native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1)
    return {"cannot require TLS 1.2"};
  // Client-initiated renegotiation only costs the server CPU.
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION);
  // Idle phones hold their connection for hours: give the record buffers
  // back between messages.
  SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);
  ctx.use_certificate_chain_file(files.cert.string(), ec);
  if (ec)
    return fail("cannot load the TLS certificate", files.cert, ec);
  ctx.use_private_key_file(files.key.string(), asio::ssl::context::pem, ec);
  if (ec)
    return fail("cannot load the TLS key", files.key, ec);
  if (SSL_CTX_check_private_key(native) != 1)
    return {"the TLS key does not match the certificate"};
  return {};
}

} // namespace passerelle::sip::transport
