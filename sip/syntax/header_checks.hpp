#pragma once

#include "sip/syntax/header_names.hpp"
#include "sip/syntax/message.hpp"

#include <optional>

// Grammar checks of the header fields the gateway reads, used by classify.
namespace passerelle::sip::detail {

/// Returns the first header (in a fixed order of known headers) whose
/// value does not match its RFC 3261 section 25.1 grammar.
std::optional<header_id> first_malformed_header(const message& m);

/// Returns the first header of the RFC 3261 8.1.1 mandatory set missing
/// from `m`: To, From, CSeq, Call-ID and Via. Max-Forwards is left out so
/// RFC 2543 clients still get through (RFC 4475 3.4.1).
std::optional<header_id> first_missing_header(const message& m);

/// Returns the first header that may appear once but appears more often
/// (RFC 4475 3.3.8).
std::optional<header_id> first_repeated_header(const message& m);

} // namespace passerelle::sip::detail
