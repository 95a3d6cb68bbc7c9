#pragma once

#include <cstddef>
#include <string_view>

// Splitting of the header section into fields, shared by the message
// parser and the stream framer.
namespace passerelle::sip::detail {

/// Returns the end of the logical line starting at `pos` in `block`: the
/// offset of the CRLF not followed by SP or HT (RFC 3261 7.3.1 folding),
/// or `block.size()`.
std::size_t logical_line_end(std::string_view block, std::size_t pos) noexcept;

/// Splits a logical header line into name and raw value: `name *WSP ":"`
/// then the value with leading white space removed. Returns false when the
/// line has no token name or no colon.
bool split_field(std::string_view line, std::string_view& name,
                 std::string_view& value) noexcept;

/// Returns the offset of the CRLFCRLF that ends the header section of a
/// message starting at `pos`, or npos.
std::size_t header_end(std::string_view bytes, std::size_t pos) noexcept;

} // namespace passerelle::sip::detail
