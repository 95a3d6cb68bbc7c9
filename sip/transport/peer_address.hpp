#pragma once

#include <asio/ip/address.hpp>

#include <string>

namespace passerelle::sip::transport {

/// Returns an address as text without brackets, an IPv4-mapped IPv6
/// address (a v4 peer on a dual-stack socket) as plain IPv4, so that one
/// peer always has one spelling in limits, lookups and Via received.
std::string address_text(const asio::ip::address& a);

} // namespace passerelle::sip::transport
