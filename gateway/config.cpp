#include "gateway/config.hpp"

#include "actors/errors.hpp"
#include "storage/keys.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <thread>

namespace passerelle {

gateway_config::gateway_config() {
  // CAF's defaults are 4+ workers that poll every 50 µs while idle: on a
  // small machine that polling took the CPU the SIP thread needed
  // (BENCHMARKS.md, REGISTER). One worker per core but the one the SIP
  // I/O thread keeps busy, and idle workers sleep on a condition variable
  // at once. Flags still override both.
  auto cores = std::max(1u, std::thread::hardware_concurrency());
  set("scheduler.max-threads", size_t{std::max(1u, cores - 1)});
  set("work-stealing.moderate-poll-attempts", size_t{0});
  opt_group{custom_options_, "global"}
      .add(data_dir, "data-dir", "directory for the event store, keys, token")
      .add(bind, "bind", "address every listener binds (0.0.0.0: all)")
      .add(http_port, "http-port",
           "provisioning, admin API, /healthz, /metrics")
      .add(sip_port, "sip-port", "SIP over UDP and TCP")
      .add(sips_port, "sips-port", "SIP over TLS")
      .add(media_ports, "media-ports", "RTP/SRTP port range, FIRST-LAST")
      .add(domain, "domain", "SIP domain and digest realm")
      .add(admin_token, "admin-token",
           "admin API bearer token (else PASSERELLE_ADMIN_TOKEN, else "
           "generated into <data-dir>/admin-token)")
      .add(durability, "durability", "sync (fsync per batch) or nosync")
      .add(node, "node", "node id written into every event")
      .add(tenant, "tenant", "tenant of this node's devices")
      .add(digest_algorithms, "digest-algorithms",
           "digest challenges offered, in order (SHA-256,MD5; MD5 alone for "
           "clients that read only the first, like SIPp 3.6)")
      .add(auth_max_failures, "auth-max-failures",
           "failed SIP authentications (per IP, per account) before a ban")
      .add(auth_window_s, "auth-window", "seconds over which failures count")
      .add(auth_first_ban_s, "auth-first-ban",
           "seconds of the first ban; each next one doubles")
      .add(auth_max_ban_s, "auth-max-ban", "longest ban in seconds")
      .add(sip_max_message_size, "sip-max-message-size",
           "largest SIP message accepted, bytes")
      .add(sip_max_connections_per_ip, "sip-max-connections-per-ip",
           "TCP/TLS connections one address may hold")
      .add(sip_idle_timeout_s, "sip-idle-timeout",
           "seconds before a silent TCP/TLS connection is closed")
      .add(sip_messages_per_second, "sip-messages-per-second",
           "SIP messages one address may send per second")
      .add(sip_t1_ms, "sip-t1",
           "RFC 3261 T1 in ms for the NOTIFYs sent to phones (retransmit "
           "from T1, give up after 64*T1)")
      .add(http_max_connections_per_ip, "http-max-connections-per-ip",
           "HTTP connections one address may hold (phones behind one NAT "
           "share one)")
      .add(show_version, "version", "print the version and exit");
  register_error_category(*this);
  set("logger.verbosity", caf::atom("quiet"));
  set("logger.console", caf::atom("none"));
}

namespace {

bool parse_port(std::string_view text, uint16_t& out) {
  unsigned value = 0;
  auto [ptr, err] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (err != std::errc{} || ptr != text.data() + text.size() || value == 0 ||
      value > 65535)
    return false;
  out = static_cast<uint16_t>(value);
  return true;
}

failure bad(std::string message) {
  return {ec::invalid_argument, std::move(message)};
}

} // namespace

std::vector<sip::auth::digest_algorithm>
parse_digest_algorithms(const std::string& text) {
  std::vector<sip::auth::digest_algorithm> out;
  size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos)
      end = text.size();
    auto a = sip::auth::parse_algorithm(
        std::string_view{text}.substr(start, end - start));
    if (!a)
      return {};
    out.push_back(*a);
    start = end + 1;
  }
  return out;
}

failure validate(gateway_config& cfg) {
  if (cfg.http_port == 0 || cfg.sip_port == 0 || cfg.sips_port == 0)
    return bad("ports must be between 1 and 65535");
  if (cfg.http_port == cfg.sip_port || cfg.http_port == cfg.sips_port ||
      cfg.sip_port == cfg.sips_port)
    return bad("--http-port, --sip-port and --sips-port must differ");
  auto dash = cfg.media_ports.find('-');
  std::string_view range{cfg.media_ports};
  if (dash == std::string::npos ||
      !parse_port(range.substr(0, dash), cfg.media_first) ||
      !parse_port(range.substr(dash + 1), cfg.media_last) ||
      cfg.media_first >= cfg.media_last)
    return bad("--media-ports must look like 49152-53247, got '" +
               cfg.media_ports + "'");
  for (auto port : {cfg.http_port, cfg.sip_port, cfg.sips_port})
    if (port >= cfg.media_first && port <= cfg.media_last)
      return bad("port " + std::to_string(port) + " lies in --media-ports");
  if (cfg.durability != "sync" && cfg.durability != "nosync")
    return bad("--durability must be sync or nosync, got '" + cfg.durability +
               "'");
  if (cfg.data_dir.empty())
    return bad("--data-dir must not be empty");
  if (cfg.domain.empty())
    return bad("--domain must not be empty");
  if (!storage::valid_tenant(cfg.tenant))
    return bad("--tenant must be printable, without '/'");
  if (parse_digest_algorithms(cfg.digest_algorithms).empty())
    return bad("--digest-algorithms must list SHA-256 and/or MD5, got '" +
               cfg.digest_algorithms + "'");
  if (cfg.auth_max_failures == 0 || cfg.auth_window_s == 0 ||
      cfg.auth_first_ban_s == 0 || cfg.auth_max_ban_s < cfg.auth_first_ban_s)
    return bad("--auth-* values must be positive, --auth-max-ban at least "
               "--auth-first-ban");
  if (cfg.sip_max_message_size < 1024 || cfg.sip_max_connections_per_ip == 0 ||
      cfg.sip_idle_timeout_s == 0 || cfg.sip_messages_per_second <= 0)
    return bad("--sip-* limits must be positive (message size 1024+)");
  // RFC 3261 17.1.1.1: 500 ms by default; smaller only where the network
  // is known to be fast, larger where it is slow.
  if (cfg.sip_t1_ms < 10 || cfg.sip_t1_ms > 4000)
    return bad("--sip-t1 must be 10 to 4000 ms (T2)");
  if (cfg.http_max_connections_per_ip == 0)
    return bad("--http-max-connections-per-ip must be positive");
  if (cfg.node.empty())
    return bad("--node must not be empty");
  return {};
}

} // namespace passerelle
