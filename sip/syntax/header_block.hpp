#pragma once

#include "sip/syntax/chars.hpp"

#include <cstddef>
#include <string_view>

// Splitting of the header section into fields, shared by the message
// parser and the stream framer.
namespace passerelle::sip::detail {

/// Returns the offset of the first CRLF at or after `from`, or npos.
inline std::size_t next_crlf(std::string_view bytes,
                             std::size_t from) noexcept {
  while (true) {
    auto cr = bytes.find('\r', from);
    if (cr == std::string_view::npos || cr + 1 >= bytes.size())
      return std::string_view::npos;
    if (bytes[cr + 1] == '\n')
      return cr;
    from = cr + 1;
  }
}

/// Returns the end of the logical line starting at `pos` in `block`: the
/// offset of the CRLF not followed by SP or HT (RFC 3261 7.3.1 folding),
/// or `block.size()`. Inline: the message parser calls it per field.
inline std::size_t logical_line_end(std::string_view block,
                                    std::size_t pos) noexcept {
  while (true) {
    auto crlf = next_crlf(block, pos);
    if (crlf == std::string_view::npos)
      return block.size();
    if (crlf + 2 < block.size() && chars::wsp(block[crlf + 2])) {
      pos = crlf + 2;
      continue;
    }
    return crlf;
  }
}

/// Splits a logical header line into name and raw value: `name *WSP ":"`
/// then the value with leading white space removed. Returns false when the
/// line has no token name or no colon.
bool split_field(std::string_view line, std::string_view& name,
                 std::string_view& value) noexcept;

/// Returns the offset of the CRLFCRLF that ends the header section of a
/// message starting at `pos`, or npos.
std::size_t header_end(std::string_view bytes, std::size_t pos) noexcept;

} // namespace passerelle::sip::detail
