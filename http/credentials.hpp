#pragma once

#include "events/device.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace passerelle::http {

/// A device's new SIP credentials: the password to hand out once, and what
/// the device aggregate keeps (HA1 values only).
struct issued_credentials {
  std::string password;
  events::sip_credentials stored;
};

/// The device's 20-character password for `generation`: see
/// derive_credentials().
std::string derive_password(std::string_view secret, std::string_view mac,
                            uint32_t generation);

/// The device's 20-character password and both HA1 values. The password
/// is HMAC-SHA256(secret, mac:generation) in a look-alike-free alphabet:
/// the gateway never stores it, yet every configuration fetch of the same
/// device and generation gets the same one. The SIP username is the MAC.
issued_credentials derive_credentials(std::string_view secret,
                                      const std::string& mac,
                                      const std::string& realm,
                                      uint32_t generation);

} // namespace passerelle::http
