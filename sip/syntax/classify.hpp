#pragma once

#include "sip/syntax/header_names.hpp"
#include "sip/syntax/message.hpp"

#include <string>
#include <vector>

namespace passerelle::sip {

/// What a UAS or registrar does with a received message.
enum class disposition {
  accept, ///< Hand it to the transaction layer.
  reject, ///< Answer the request with `verdict::status`.
  drop,   ///< Discard silently (bad responses, bad ACKs).
};

/// Why a message is not accepted as is. Grammar errors come first:
/// `is_malformed` relies on the order.
enum class problem {
  none,
  // Malformed: the message breaks the RFC 3261 grammar (RFC 4475 3.1.2).
  bad_request_line,        ///< Not `Method SP Request-URI SP SIP-Version`.
  bad_status_line,         ///< Bad version or a code outside 100-699.
  unsupported_version,     ///< Well-formed but not SIP/2.0 (505).
  bad_request_uri,         ///< The Request-URI does not parse.
  headers_in_request_uri,  ///< sip/sips Request-URI with ?headers.
  bad_header_line,         ///< A line without name or colon.
  bad_header_value,        ///< A known header breaks its grammar.
  bad_content_length,      ///< Negative, not a number or too large.
  content_length_overflow, ///< Longer than the datagram holding it.
  cseq_mismatch,           ///< CSeq method differs from the method.
  // Semantic: well-formed, but not something we can process.
  message_too_large,      ///< Over the parse limit (513).
  missing_header,         ///< A mandatory header is absent.
  repeated_header,        ///< A single-valued header repeats.
  extra_via,              ///< A response with several Via values.
  broadcast_via,          ///< A Via sent-by of 255.255.255.255.
  method_not_allowed,     ///< A method the profile lacks (405).
  unsupported_scheme,     ///< A Request-URI scheme we lack (416).
  bad_extension,          ///< Require lists unknown options (420).
  unsupported_media_type, ///< A body type or encoding we lack (415).
  unknown_auth_scheme,    ///< Credentials in a scheme we lack (401/407).
  not_acceptable,         ///< Accept excludes what we answer with (406).
};

/// Returns whether `p` is a grammar error rather than a semantic one.
bool is_malformed(problem p) noexcept;

/// The outcome of `classify`.
struct verdict {
  disposition action = disposition::accept;
  /// The status code to answer with when `action` is `reject`.
  int status = 0;
  /// A reason phrase naming the problem ("Missing Call-ID Header").
  std::string reason;
  problem what = problem::none;
  /// The header at fault, when there is one.
  header_id header = header_id::unknown;
  /// For 420: the unknown option tags, for an Unsupported header.
  std::vector<std::string> unsupported;
  /// Max-Forwards is 0: answer if the request is for us, but a request
  /// that must be forwarded gets 483 (RFC 3261 16.3 step 2).
  bool max_forwards_exhausted = false;
};

/// What the gateway implements, against which requests are checked.
struct uas_profile {
  /// Methods answered; others get 405 with Allow (RFC 3261 8.2.1).
  std::vector<std::string> methods;
  /// Request-URI schemes served; others get 416 (RFC 3261 8.2.2.1).
  std::vector<std::string> uri_schemes;
  /// Option tags understood in Require (RFC 3261 8.2.2.3).
  std::vector<std::string> extensions;
  /// Body media types understood (RFC 3261 8.2.3).
  std::vector<std::string> body_types;
  /// Authorization schemes understood (RFC 3261 22).
  std::vector<std::string> auth_schemes;
  /// The media type INVITE answers carry, checked against Accept.
  std::string answer_type;

  /// The profile of the Passerelle gateway.
  static const uas_profile& gateway();
};

/// Decides what a UAS or registrar does with a parsed message, checking
/// it in the order of RFC 3261 8.2: grammar first (400, 505), then
/// mandatory and single headers, then authentication (401), method (405),
/// URI scheme (416), extensions (420), body (415) and Accept (406).
/// Responses are only accepted or dropped (RFC 3261 8.1.3.3).
verdict classify(const message& m, const uas_profile& profile);

/// `classify` against `uas_profile::gateway()`.
verdict classify(const message& m);

} // namespace passerelle::sip
