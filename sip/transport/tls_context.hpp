#pragma once

#include "sip/transport/config.hpp"
#include "sip/transport/transport.hpp"

#include <asio/ssl/context.hpp>

namespace passerelle::sip::transport {

/// Prepares a server context from `cfg`: TLS 1.2 or newer only (RFC 8996
/// retires 1.0 and 1.1), no renegotiation, and the configured certificate
/// chain and key, or a self-signed pair made under `cfg.data_dir`.
setup_status configure_server_context(asio::ssl::context& ctx,
                                      const hub_config& cfg);

} // namespace passerelle::sip::transport
