#include "sip/syntax/framing.hpp"

#include "sip/syntax/header_block.hpp"
#include "sip/syntax/header_names.hpp"
#include "sip/syntax/scalars.hpp"
#include "sip/syntax/text.hpp"

#include <optional>

namespace passerelle::sip {

namespace {

frame failure(frame_error e) noexcept {
  return frame{frame_status::error, 0, e};
}

// Reads the Content-Length of the header section in `block`. Returns
// nothing and sets `err` when it is missing, malformed or ambiguous.
std::optional<std::uint32_t> content_length(std::string_view block,
                                            frame_error& err) {
  std::optional<std::uint32_t> length;
  bool seen = false;
  std::size_t p = 0;
  while (p < block.size()) {
    auto e = detail::logical_line_end(block, p);
    std::string_view name;
    std::string_view value;
    if (detail::split_field(block.substr(p, e - p), name, value) &&
        lookup_header(name) == header_id::content_length) {
      auto n = parse_content_length(unfold(value));
      // Repeats are tolerated only when they agree: the framing must be
      // unambiguous (RFC 4475 3.3.9).
      if (!n || (seen && length != *n)) {
        err = frame_error::bad_content_length;
        return std::nullopt;
      }
      seen = true;
      length = *n;
    }
    p = e + 2;
  }
  if (!seen)
    err = frame_error::missing_content_length;
  return length;
}

} // namespace

frame next_frame(std::string_view buffer, std::size_t max_size) {
  std::size_t crlfs = 0;
  while (buffer.substr(crlfs, 2) == "\r\n")
    crlfs += 2;
  if (crlfs > 0)
    return frame{frame_status::keepalive, crlfs, frame_error::none};
  if (buffer.empty() || buffer == "\r")
    return frame{};
  auto end = detail::header_end(buffer, 0);
  if (end == std::string_view::npos) {
    // Keep 3 bytes of slack: a partial CRLFCRLF may straddle the limit.
    if (buffer.size() > 3 && buffer.size() - 3 > max_size)
      return failure(frame_error::too_large);
    return frame{};
  }
  auto body_start = end + 4;
  if (body_start > max_size)
    return failure(frame_error::too_large);
  auto line_end = buffer.find("\r\n");
  auto err = frame_error::none;
  auto length = content_length(
      line_end < end ? buffer.substr(line_end + 2, end - line_end - 2)
                     : std::string_view{},
      err);
  if (!length)
    return failure(err);
  if (*length > max_size - body_start)
    return failure(frame_error::too_large);
  auto total = body_start + *length;
  if (buffer.size() < total)
    return frame{};
  return frame{frame_status::message, total, frame_error::none};
}

} // namespace passerelle::sip
