#pragma once

#include "sip/registrar/binding.hpp"
#include "sip/syntax/address.hpp"
#include "sip/syntax/message.hpp"
#include "sip/syntax/uri.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace passerelle::sip::registrar {

/// How a request reached us: known to the transport, not the message.
struct arrival {
  transport_protocol transport = transport_protocol::udp;
  source_address source;
  std::uint64_t connection_id = 0;
};

/// What the registrar needs from a REGISTER (RFC 3261 10.2, 10.3).
struct register_request {
  /// The To URI in canonical form (RFC 3261 10.3 step 5).
  std::string aor;
  std::string call_id;
  std::uint32_t cseq = 0;
  /// Empty and not a wildcard: a query for the current bindings.
  contact_list contacts;
  /// The Expires header, when present.
  std::optional<std::uint32_t> expires;
  std::string user_agent;
  arrival from;
};

/// A REGISTER that cannot be processed, and the answer it gets.
struct request_rejection {
  int status = 400;
  std::string reason;
};

/// Returns the canonical address-of-record of a To URI: parameters and
/// headers dropped, escapes decoded, scheme and host lowered (RFC 3261
/// 10.3 step 5).
std::string canonical_aor(const uri& u);

/// Extracts a REGISTER's fields, or says why it is refused: 400 for a bad
/// To, Call-ID, CSeq, Contact or Expires, 404 for a To that is not a SIP
/// address-of-record (RFC 3261 10.3 step 5).
std::variant<register_request, request_rejection>
extract_register(const message& m, const arrival& from);

} // namespace passerelle::sip::registrar
