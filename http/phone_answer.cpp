#include "http/phone_answer.hpp"

namespace passerelle::http {

std::string_view reason_phrase(int status) {
  switch (status) {
  case 200:
    return "OK";
  case 400:
    return "Bad Request";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 409:
    return "Conflict";
  case 500:
    return "Internal Server Error";
  case 503:
    return "Service Unavailable";
  default:
    return "Unknown";
  }
}

void append_response(std::string& out, const phone_answer& answer,
                     const answer_framing& framing) {
  out.reserve(out.size() + answer.body.size() + 160);
  out += "HTTP/1.1 ";
  out += std::to_string(answer.status);
  out += ' ';
  out += reason_phrase(answer.status);
  out += "\r\nContent-Length: ";
  out += std::to_string(answer.body.size());
  out += "\r\nContent-Type: ";
  out += answer.content_type;
  if (framing.keep_alive) {
    out += "\r\nKeep-Alive: timeout=";
    out += std::to_string(framing.keep_alive_timeout_s);
    out += ", max=";
    out += std::to_string(framing.keep_alive_max);
  } else {
    out += "\r\nConnection: close";
  }
  out += "\r\n\r\n";
  out += answer.body;
}

} // namespace passerelle::http
