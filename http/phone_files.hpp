#pragma once

#include "events/device.hpp"
#include "http/onboarding_bridge.hpp"
#include "http/phone_answer.hpp"
#include "http/provisioning/render.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace passerelle::http {

/// What a phone's files depend on besides its request.
struct phone_file_settings {
  std::string tenant;
  std::string gateway_host;
  uint16_t http_port = 8080;
  uint16_t sips_port = 5061;
  std::string domain;
};

/// A phone's own (per-MAC) file, waiting for its SIP password: the phone
/// must be onboarded first, or found onboarded as it is now.
struct pending_phone_file {
  std::string mac;
  events::phone_profile phone;
  provisioning::file_kind kind = provisioning::file_kind::per_mac;
  /// All but the credentials.
  provisioning::render_input in;
};

/// The answer to a phone fetching `path` from `remote_addr`, or the
/// per-MAC file it asks for. Pure.
std::variant<phone_answer, pending_phone_file>
plan_phone_file(std::string_view path, std::string_view user_agent,
                std::string_view remote_addr, const phone_file_settings& s);

/// The 503 of a fetch whose onboarding took too long.
phone_answer no_fleet_answer();

/// The pending file with the phone's password, or the HTTP status of why
/// it has none. Pure.
phone_answer finish_phone_file(pending_phone_file file,
                               onboarding_outcome password);

} // namespace passerelle::http
