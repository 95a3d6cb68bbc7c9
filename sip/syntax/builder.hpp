#pragma once

#include "sip/syntax/classify.hpp"
#include "sip/syntax/header_names.hpp"
#include "sip/syntax/message.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace passerelle::sip {

/// Builds a message without a body as text, with canonical header names
/// and `Content-Length: 0` (RFC 3261 20.14) last.
class message_builder {
public:
  /// Starts a request: `Method SP Request-URI SP SIP/2.0`.
  static message_builder request(std::string_view method,
                                 std::string_view request_uri);

  /// Starts a response: `SIP/2.0 SP code SP reason`; an empty reason
  /// becomes the RFC 3261 21 default phrase.
  static message_builder response(int status, std::string_view reason = {});

  /// Appends a header; known names are written canonically ("v" and "VIA"
  /// become "Via"). Content-Length is ignored: the builder writes it.
  message_builder& add(std::string_view name, std::string_view value);

  /// Appends a known header; `unknown` and Content-Length are ignored.
  message_builder& add(header_id id, std::string_view value);

  /// Returns the message text.
  std::string str() const&;

  /// Returns the message text, reusing the builder's buffer.
  std::string str() &&;

  /// Returns the status code of a response; 0 for a request.
  int status() const noexcept { return status_; }

private:
  message_builder() = default;

  /// Appends `name: value suffix suffix_value` and CRLF.
  void append_field(std::string_view name, std::string_view value,
                    std::string_view suffix = {},
                    std::string_view suffix_value = {});

  friend message_builder make_response(const message& request, int status,
                                       std::string_view reason,
                                       std::string_view to_tag);

  /// The start line and the header fields, each ending in CRLF: the
  /// message as sent up to Content-Length.
  std::string text_;
  int status_ = 0;
};

/// Returns the RFC 3261 section 21 reason phrase of a status code.
std::string_view default_reason(int status) noexcept;

/// Starts a response to `request` (RFC 3261 8.2.6.2): Via values,
/// From, To, Call-ID and CSeq copied in order, a To tag added unless the
/// status is 100 or the To already has one, Record-Route copied for 18x
/// and 2xx (RFC 3261 12.1.1).
message_builder make_response(const message& request, int status,
                              std::string_view reason = {},
                              std::string_view to_tag = {});

/// Starts the answer a `reject` verdict calls for, with the header the
/// status needs: Allow for 405, Unsupported for 420, Accept for 415
/// (RFC 3261 8.2.1, 8.2.2.3, 8.2.3). A 401 or 407 still needs its
/// challenge, which only the caller can make.
message_builder make_rejection(const message& request, const verdict& v,
                               const uas_profile& profile,
                               std::string_view to_tag = {});

/// The headers a new out-of-dialog request starts with (RFC 3261 8.1.1).
struct request_fields {
  std::string method;
  std::string request_uri;
  std::string via; ///< "SIP/2.0/UDP host:port;branch=z9hG4bK..."
  std::string from;
  std::string to;
  std::string call_id;
  std::uint32_t cseq = 1;
  int max_forwards = 70;
};

/// Starts a request with Via, Max-Forwards, From, To, Call-ID and CSeq.
message_builder make_request(const request_fields& f);

} // namespace passerelle::sip
