#pragma once

#include <string_view>

namespace passerelle::events {

/// Whether `bytes` hold exactly one well-formed CBOR item, checked with a
/// walk that builds nothing (RFC 8949 appendix C), far cheaper than a
/// decode into JSON.
bool well_formed_cbor(std::string_view bytes);

} // namespace passerelle::events
