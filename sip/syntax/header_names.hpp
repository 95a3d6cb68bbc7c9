#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace passerelle::sip {

/// The header fields the gateway knows by name; everything else is
/// `unknown` and looked up by its (case-insensitive) name.
enum class header_id : std::uint8_t {
  unknown,
  accept,
  accept_encoding,
  accept_language,
  alert_info,
  allow,
  allow_events,
  authentication_info,
  authorization,
  call_id,
  call_info,
  contact,
  content_disposition,
  content_encoding,
  content_language,
  content_length,
  content_type,
  cseq,
  date,
  error_info,
  event,
  expires,
  from,
  in_reply_to,
  max_forwards,
  min_expires,
  min_se,
  mime_version,
  organization,
  path,
  priority,
  proxy_authenticate,
  proxy_authorization,
  proxy_require,
  rack,
  record_route,
  refer_to,
  referred_by,
  reply_to,
  require,
  retry_after,
  route,
  rseq,
  server,
  service_route,
  session_expires,
  subject,
  subscription_state,
  supported,
  timestamp,
  to,
  unsupported,
  user_agent,
  via,
  warning,
  www_authenticate,
};

/// The number of `header_id` values, `unknown` included: the size of a
/// table indexed by id.
inline constexpr std::size_t header_id_count =
    static_cast<std::size_t>(header_id::www_authenticate) + 1;

/// Maps a header name as received, in full or compact form and in any
/// case, to its id (RFC 3261 7.3.1, 7.3.3; RFC 3265 and 3515 compact
/// forms).
header_id lookup_header(std::string_view name) noexcept;

/// Returns the canonical spelling of a known header name ("Call-ID",
/// "CSeq", "WWW-Authenticate"), or "" for `unknown`.
std::string_view canonical_name(header_id id) noexcept;

/// Returns whether the header's value may be a comma-separated list
/// (RFC 3261 7.3.1): such headers may also repeat.
bool is_list_header(header_id id) noexcept;

/// Returns whether the header may appear at most once in a message
/// (RFC 3261 20: fields without a `#` or `*` list form).
bool is_single_header(header_id id) noexcept;

} // namespace passerelle::sip
