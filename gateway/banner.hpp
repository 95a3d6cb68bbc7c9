#pragma once

#include "gateway/admin_token.hpp"
#include "gateway/config.hpp"

#include <cstdint>
#include <string>

namespace passerelle {

/// The address phones should use: the bind address, or for 0.0.0.0 the
/// first non-loopback IPv4 address of this host.
std::string reachable_host(const std::string& bind);

/// Prints what a new user needs next: the provisioning URL, the admin API
/// URL and where the admin token is (the token itself only when generated).
void print_banner(const gateway_config& cfg, const admin_token& token,
                  uint64_t last_position);

} // namespace passerelle
