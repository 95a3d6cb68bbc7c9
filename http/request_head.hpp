#pragma once

#include "sip/syntax/text.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace passerelle::http {

/// One header field as sent: name as spelled, value without the optional
/// whitespace around it (RFC 9112 5).
struct header_field {
  std::string_view name;
  std::string_view value;
};

/// An HTTP/1.x request line and header block, viewing the bytes it was
/// parsed from.
struct request_head {
  std::string_view method;
  std::string_view target;
  /// 0 for HTTP/1.0, 1 for HTTP/1.1.
  int minor_version = 1;
  std::vector<header_field> fields;
  /// Bytes from the request line through the empty line that ends the
  /// head: where the next request (or the body) starts.
  size_t size = 0;
};

/// How far the bytes at hand make a request head.
enum class head_status : uint8_t {
  complete,
  /// Well formed so far; more bytes are needed.
  incomplete,
  /// Not what this parser accepts (see parse_request_head).
  malformed,
  /// No end of head within the size limit, or too many fields.
  too_large,
};

struct head_limits {
  /// Bytes, request line and empty line included.
  size_t max_size = 8192;
  size_t max_fields = 100;
};

/// Parses the request head at the start of `bytes` into `out` (whose
/// field vector is reused). Strict on purpose, since its caller passes
/// anything it does not accept to a more forgiving server: CRLF line ends
/// only, no empty lines before the request line, a token method, a target
/// of visible ASCII, exactly `HTTP/1.0` or `HTTP/1.1`, token field names
/// directly followed by a colon (RFC 9112 5.1), no obs-fold (RFC 9112
/// 5.2), no control characters but tab in values.
head_status parse_request_head(std::string_view bytes, request_head& out,
                               const head_limits& limits = {});

/// The first field named `name` (ASCII case-insensitive), or null.
const header_field* find_field(const request_head& head, std::string_view name);

/// How many fields are named `name` (ASCII case-insensitive).
size_t count_fields(const request_head& head, std::string_view name);

/// Whether the connection may carry another request after this one
/// (RFC 9112 9.3): HTTP/1.1 unless a Connection field lists `close`,
/// HTTP/1.0 only when one lists `keep-alive`.
bool keeps_alive(const request_head& head);

/// ASCII case-insensitive equality.
using sip::iequals;

} // namespace passerelle::http
