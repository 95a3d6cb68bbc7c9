#pragma once

#include "sip/syntax/message.hpp"
#include "sip/transport/inbound_message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace passerelle::sip::transport {

/// Computes what a server adds to the top Via of `request`, received from
/// `source_ip` (no brackets) and `source_port`: received when the sent-by
/// host is a name or another address (RFC 3261 18.2.1), received and the
/// rport value when rport is present (RFC 3581 4). Responses and requests
/// whose top Via does not parse get nothing.
via_fixup compute_via_fixup(const message& request, std::string_view source_ip,
                            std::uint16_t source_port);

/// A message's bytes with its top Via stamped, and where they changed
/// (none when nothing was stamped).
struct stamped_bytes {
  std::string bytes;
  std::optional<buffer_edit> edit;
};

/// Returns `bytes` with the top Via value carrying `fix`, and the span of
/// `bytes` that changed: rport gets its value and received is replaced or
/// appended. `request` must have been parsed over `bytes`; no other byte
/// changes (the parser has no editing, so this works on the raw header
/// text).
stamped_bytes stamp_via(std::string_view bytes, const message& request,
                        const via_fixup& fix);

/// Fills `m.top_via` for a request and, when `rewrite` is set, stamps it
/// into `m.bytes`; hands the parse of `m.bytes` on in `m.parsed`. Messages
/// that do not parse are left alone: the layer above answers them (RFC
/// 3261 8.2).
void stamp_top_via(inbound_message& m, bool rewrite);

} // namespace passerelle::sip::transport
