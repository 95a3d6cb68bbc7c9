#pragma once

#include <cstddef>
#include <string_view>

namespace passerelle::sip {

/// What `next_frame` found at the front of a stream buffer.
enum class frame_status {
  message,   ///< A complete message of `size` bytes.
  keepalive, ///< `size` bytes of CRLFs before any message (RFC 5626 4.4.1).
  need_more, ///< Not enough bytes yet.
  error,     ///< The stream cannot be framed; close the connection.
};

/// Why a stream cannot be framed.
enum class frame_error {
  none,
  missing_content_length, ///< RFC 3261 18.3: mandatory on streams.
  bad_content_length,     ///< Not a number, or repeated with other values.
  too_large,              ///< Headers or whole message over the limit.
};

/// The outcome of `next_frame`.
struct frame {
  frame_status status = frame_status::need_more;
  /// Bytes to consume: the message, or the keep-alive CRLFs.
  std::size_t size = 0;
  frame_error error = frame_error::none;

  /// Returns whether the keep-alive holds a ping (a double CRLF), which a
  /// server answers with a single CRLF pong (RFC 5626 4.4.1).
  bool is_ping() const noexcept {
    return status == frame_status::keepalive && size >= 4;
  }
};

/// Finds the first message in a stream buffer that may hold a partial
/// message or several (RFC 3261 18.3): the header section ends at the
/// first CRLFCRLF, then Content-Length octets of body follow. Leading
/// CRLFs are reported on their own as a keep-alive. `max_size` bounds the
/// whole message so a peer cannot make the buffer grow without limit.
frame next_frame(std::string_view buffer, std::size_t max_size);

} // namespace passerelle::sip
