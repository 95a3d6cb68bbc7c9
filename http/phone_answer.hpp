#pragma once

#include <string>
#include <string_view>

namespace passerelle::http {

/// What a phone gets for a configuration fetch, independent of the server
/// that sends it.
struct phone_answer {
  int status = 200;
  std::string content_type;
  std::string body;
};

/// How a connection goes on after an answer.
struct answer_framing {
  /// Otherwise `Connection: close`.
  bool keep_alive = true;
  /// Advertised in the Keep-Alive field, as httplib does.
  int keep_alive_timeout_s = 5;
  size_t keep_alive_max = 1000;
};

/// Appends `answer` as one HTTP/1.1 response, head and body, to `out`.
/// Its fields are httplib's (Content-Length, Content-Type, then Keep-Alive
/// or Connection), so a phone cannot tell which server answered.
void append_response(std::string& out, const phone_answer& answer,
                     const answer_framing& framing);

/// The reason phrase of `status` (RFC 9110 15), "Unknown" for others.
std::string_view reason_phrase(int status);

} // namespace passerelle::http
