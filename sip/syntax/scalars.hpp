#pragma once

#include "sip/syntax/params.hpp"
#include "sip/syntax/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Parsers for the single-valued headers of RFC 3261 section 20.
namespace passerelle::sip {

/// The CSeq header (RFC 3261 20.16).
struct cseq {
  std::uint32_t number = 0;
  std::string method;
};

/// Parses `1*DIGIT LWS Method`; the number must be below 2^31 (RFC 3261
/// 8.1.1.5).
result<cseq> parse_cseq(std::string_view text);

/// Parses Max-Forwards: 1*DIGIT, 0 to 255 (RFC 3261 20.22).
result<std::uint8_t> parse_max_forwards(std::string_view text);

/// Parses delta-seconds for Expires and Min-Expires, at most 2^32-1
/// (RFC 3261 20.19).
result<std::uint32_t> parse_delta_seconds(std::string_view text);

/// Parses Content-Length: 1*DIGIT, bounded to 2^32-1 (RFC 3261 20.14).
result<std::uint32_t> parse_content_length(std::string_view text);

/// Returns whether `text` is a Call-ID: `word ["@" word]` (RFC 3261 20.8).
bool is_call_id(std::string_view text) noexcept;

/// A date in the RFC 1123 form SIP allows (RFC 3261 20.17).
struct sip_date {
  int year = 0;
  int month = 0; ///< 1 to 12
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
};

/// Parses `wkday "," SP 2DIGIT SP month SP 4DIGIT SP time SP "GMT"`;
/// any other zone is an error (RFC 4475 3.1.2.12).
result<sip_date> parse_date(std::string_view text);

/// A media type: `type "/" subtype *(SEMI m-parameter)` (RFC 3261 20.15).
struct media_type {
  std::string type;
  std::string subtype;
  std::vector<generic_param> params;

  /// Returns whether this type or range ("*/*", "application/*") covers
  /// `type/subtype`, ignoring case.
  bool covers(std::string_view type_slash_subtype) const;

  /// Returns "type/subtype" in lower case.
  std::string essence() const;
};

/// Parses a media type or, for Accept, a media range.
result<media_type> parse_media_type(std::string_view text);

/// Parses the option tags of Require, Proxy-Require, Supported or
/// Unsupported values (after comma splitting); empty elements are skipped.
result<std::vector<std::string>>
parse_option_tags(const std::vector<std::string>& values);

} // namespace passerelle::sip
