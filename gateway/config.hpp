#pragma once

#include "events/ec.hpp"
#include "sip/auth/digest.hpp"

#include <caf/actor_system_config.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace passerelle {

/// Gateway settings. Every field is a `--name=value` flag and the same key
/// under `[global]` in the CAF config file (`--config-file=FILE`, default
/// `caf-application.ini` in the working directory).
class gateway_config : public caf::actor_system_config {
public:
  gateway_config();

  std::string data_dir = "./var";
  std::string bind = "0.0.0.0";
  uint16_t http_port = 8080;
  uint16_t sip_port = 5060;
  uint16_t sips_port = 5061;
  std::string media_ports = "49152-53247";
  std::string domain = "passerelle.local";
  std::string admin_token;
  std::string durability = "sync";
  std::string node = "node-1";
  std::string tenant = "default";
  std::string digest_algorithms = "SHA-256,MD5";
  // Brute-force protection (PROTOCOLS.md 9), per source IP and per account.
  uint32_t auth_max_failures = 5;
  uint32_t auth_window_s = 60;
  uint32_t auth_first_ban_s = 60;
  uint32_t auth_max_ban_s = 3600;
  // SIP transport limits.
  size_t sip_max_message_size = 65535;
  size_t sip_max_connections_per_ip = 32;
  size_t http_max_connections_per_ip = 1024;
  uint32_t sip_idle_timeout_s = 120;
  double sip_messages_per_second = 200;
  /// RFC 3261 T1 for the requests the gateway sends (NOTIFY).
  uint32_t sip_t1_ms = 500;
  bool show_version = false;

  /// First and last media port, filled by `validate`.
  uint16_t media_first = 0;
  uint16_t media_last = 0;
};

/// Parses `SHA-256,MD5`-style lists; empty when any entry is unknown.
std::vector<sip::auth::digest_algorithm>
parse_digest_algorithms(const std::string& text);

/// Checks values CAF's parser cannot (ranges, clashes, names). The failure
/// message is one line, meant for the user.
failure validate(gateway_config& cfg);

} // namespace passerelle
