#pragma once

#include "sip/registrar/binding.hpp"
#include "sip/syntax/message.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace passerelle {

/// The Event header that makes a phone restart or resync (PROTOCOLS.md
/// §5): Cisco MPP takes `reboot_now` / `resync`, the others `check-sync`
/// with `reboot=true|false`. Empty for an unknown command.
std::string notify_event(std::string_view vendor, std::string_view command);

/// What identifies one NOTIFY we send and how to rebuild it.
struct notify_request {
  std::string target_uri;
  std::string to;
  std::string via_host;
  uint16_t via_port = 5060;
  std::string transport; ///< UDP, TCP or TLS (for the Via).
  std::string branch;
  std::string call_id;
  std::string from_tag;
  std::string domain;
  std::string event;
  uint32_t cseq = 1;
  /// An Authorization value, after a 401 from the phone (Cisco).
  std::string authorization;
};

/// Out-of-dialog NOTIFY (RFC 3265 / PROTOCOLS.md §5) as text.
std::string render_notify(const notify_request& r);

/// Answers a phone's 401/407 challenge to our NOTIFY with the line's
/// credentials (its HA1 values: no password needed). Nothing when the
/// challenge is not a digest we can answer.
std::optional<std::string>
answer_challenge(const sip::message& response, const notify_request& r,
                 std::string_view username, std::string_view ha1_md5,
                 std::string_view ha1_sha256, std::string_view cnonce);

} // namespace passerelle
