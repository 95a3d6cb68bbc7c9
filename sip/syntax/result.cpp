#include "sip/syntax/result.hpp"

namespace passerelle::sip {

std::string_view to_string(syntax_error e) noexcept {
  switch (e) {
  case syntax_error::empty:
    return "empty input";
  case syntax_error::truncated:
    return "input ends too early";
  case syntax_error::bad_start_line:
    return "malformed start line";
  case syntax_error::bad_token:
    return "malformed token";
  case syntax_error::bad_number:
    return "malformed number";
  case syntax_error::out_of_range:
    return "number out of range";
  case syntax_error::bad_escape:
    return "malformed %-escape";
  case syntax_error::bad_scheme:
    return "malformed URI scheme";
  case syntax_error::bad_user:
    return "malformed URI user part";
  case syntax_error::bad_host:
    return "malformed host";
  case syntax_error::bad_port:
    return "malformed port";
  case syntax_error::bad_param:
    return "malformed parameter";
  case syntax_error::bad_uri_header:
    return "malformed URI header";
  case syntax_error::bad_uri:
    return "malformed URI";
  case syntax_error::bad_quoted_string:
    return "malformed quoted string";
  case syntax_error::bad_address:
    return "malformed address";
  case syntax_error::bad_via:
    return "malformed Via";
  case syntax_error::bad_auth:
    return "malformed credentials or challenge";
  case syntax_error::bad_date:
    return "malformed date";
  case syntax_error::bad_media_type:
    return "malformed media type";
  case syntax_error::trailing_garbage:
    return "unexpected characters after value";
  }
  return "unknown error";
}

} // namespace passerelle::sip
