#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace passerelle::sip::txn {

/// Branch prefix of RFC 3261 elements (RFC 3261 8.1.1.7).
inline constexpr std::string_view magic_cookie = "z9hG4bK";

/// Returns whether `branch` starts with the RFC 3261 magic cookie.
bool has_magic_cookie(std::string_view branch) noexcept;

/// What the transaction layer reads from an incoming request.
///
/// The parser fills it in; values are compared as given, so the caller
/// passes them in a canonical form (RFC 3261 19.1.4 URI equality, etc.).
/// Views, into the request mostly: the table copies what it keeps (the
/// key of a new transaction), so a summary need only live for one call.
struct request_summary {
  /// Request method, case-sensitive (RFC 3261 7.1).
  std::string_view method;
  /// Request-URI, canonical text.
  std::string_view request_uri;
  /// Whole top Via header field value, canonical text.
  std::string_view top_via;
  /// Top Via branch parameter.
  std::string_view branch;
  /// Top Via sent-by (host[:port]).
  std::string_view sent_by;
  /// From tag.
  std::string_view from_tag;
  /// To tag, empty when absent.
  std::string_view to_tag;
  /// Call-ID.
  std::string_view call_id;
  /// CSeq sequence number.
  std::uint32_t cseq_number = 0;
  /// CSeq method.
  std::string_view cseq_method;
};

/// Server transaction key of RFC 3261 17.2.3 (branch with magic cookie),
/// plus the Call-ID and CSeq number: a retransmission, an ACK for a
/// non-2xx and a CANCEL repeat both, while a client that reuses a branch
/// for a new request (RFC 4475 3.3.12, 3.3.13) changes them and so gets a
/// transaction of its own instead of the earlier request's answer.
struct txn_key {
  std::string branch;
  /// Lower-cased: host names compare case-insensitively.
  std::string sent_by;
  /// Method that created the transaction (INVITE for an ACK).
  std::string method;
  std::string call_id;
  std::uint32_t cseq_number = 0;
  auto operator<=>(const txn_key&) const = default;
};

/// Server transaction key for RFC 2543 peers (RFC 3261 17.2.3, last
/// paragraphs). The To tag is matched apart from the key, since an ACK
/// matches the To tag of the response rather than of the request.
struct rfc2543_key {
  std::string request_uri;
  std::string from_tag;
  std::string call_id;
  std::uint32_t cseq_number = 0;
  /// CSeq method of the creating request (INVITE for an ACK).
  std::string cseq_method;
  std::string top_via;
  auto operator<=>(const rfc2543_key&) const = default;
};

/// Client transaction key of RFC 3261 17.1.3: branch and CSeq method.
struct client_key {
  std::string branch;
  std::string method;
  auto operator<=>(const client_key&) const = default;
};

/// Builds the RFC 3261 key of `req`, mapping ACK to INVITE.
txn_key make_txn_key(const request_summary& req);

/// Builds the RFC 2543 key of `req`, mapping ACK to INVITE.
rfc2543_key make_rfc2543_key(const request_summary& req);

} // namespace passerelle::sip::txn
