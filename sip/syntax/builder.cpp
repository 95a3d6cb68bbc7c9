#include "sip/syntax/builder.hpp"

#include "sip/syntax/address.hpp"
#include "sip/syntax/text.hpp"

#include <charconv>
#include <string>
#include <utility>
#include <vector>

namespace passerelle::sip {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty())
      out += ", ";
    out += i;
  }
  return out;
}

// Whether a To value gets `;tag=` (RFC 3261 8.2.6.2): a tag is given and
// the To has none. `to` is the request's kept parse of it.
bool needs_tag(const result<address>* to, std::string_view tag) {
  return !tag.empty() && to != nullptr && *to && !(*to)->tag();
}

} // namespace

message_builder message_builder::request(std::string_view method,
                                         std::string_view request_uri) {
  message_builder out;
  out.text_.reserve(method.size() + request_uri.size() + 256);
  out.text_.append(method).append(" ").append(request_uri);
  out.text_.append(" SIP/2.0\r\n");
  return out;
}

message_builder message_builder::response(int status, std::string_view reason) {
  if (reason.empty())
    reason = default_reason(status);
  char code[16];
  auto code_end = std::to_chars(code, code + sizeof code, status).ptr;
  message_builder out;
  out.text_.reserve(reason.size() + 1024);
  out.text_.append("SIP/2.0 ").append(code, code_end).append(" ");
  out.text_.append(reason).append("\r\n");
  out.status_ = status;
  return out;
}

void message_builder::append_field(std::string_view name,
                                   std::string_view value,
                                   std::string_view suffix,
                                   std::string_view suffix_value) {
  text_.append(name).append(": ").append(value);
  text_.append(suffix).append(suffix_value).append("\r\n");
}

message_builder& message_builder::add(std::string_view name,
                                      std::string_view value) {
  auto id = lookup_header(name);
  if (id != header_id::unknown)
    return add(id, value);
  append_field(name, value);
  return *this;
}

message_builder& message_builder::add(header_id id, std::string_view value) {
  if (id == header_id::content_length || id == header_id::unknown)
    return *this;
  append_field(canonical_name(id), value);
  return *this;
}

namespace {

// The end of a message without a body (RFC 3261 20.14).
constexpr std::string_view no_body = "Content-Length: 0\r\n\r\n";

} // namespace

std::string message_builder::str() const& {
  std::string out;
  out.reserve(text_.size() + no_body.size());
  out.append(text_).append(no_body);
  return out;
}

std::string message_builder::str() && {
  text_.append(no_body);
  return std::move(text_);
}

std::string_view default_reason(int status) noexcept {
  switch (status) {
    // clang-format off
    case 100: return "Trying";
    case 180: return "Ringing";
    case 181: return "Call Is Being Forwarded";
    case 182: return "Queued";
    case 183: return "Session Progress";
    case 200: return "OK";
    case 202: return "Accepted";
    case 301: return "Moved Permanently";
    case 302: return "Moved Temporarily";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 413: return "Request Entity Too Large";
    case 415: return "Unsupported Media Type";
    case 416: return "Unsupported URI Scheme";
    case 420: return "Bad Extension";
    case 421: return "Extension Required";
    case 423: return "Interval Too Brief";
    case 480: return "Temporarily Unavailable";
    case 481: return "Call/Transaction Does Not Exist";
    case 482: return "Loop Detected";
    case 483: return "Too Many Hops";
    case 486: return "Busy Here";
    case 487: return "Request Terminated";
    case 488: return "Not Acceptable Here";
    case 491: return "Request Pending";
    case 500: return "Server Internal Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 504: return "Server Time-out";
    case 505: return "Version Not Supported";
    case 513: return "Message Too Large";
    case 600: return "Busy Everywhere";
    case 603: return "Decline";
  // clang-format on
  default:
    break;
  }
  if (status >= 200 && status < 300)
    return "OK";
  return "Unknown";
}

message_builder make_response(const message& request, int status,
                              std::string_view reason,
                              std::string_view to_tag) {
  auto b = message_builder::response(status, reason);
  std::string scratch; // for folded values only
  auto copy = [&](header_id id) {
    const auto* first = request.find(id);
    if (first == nullptr)
      return;
    const auto* end = request.headers().data() + request.headers().size();
    for (const auto* f = first; f != end; ++f)
      if (f->id == id)
        b.add(id, f->value_view(scratch));
  };
  copy(header_id::via);
  if (status > 100 && status < 300)
    copy(header_id::record_route);
  if (auto from = request.value_view(header_id::from, scratch))
    b.add(header_id::from, *from);
  if (auto to = request.value_view(header_id::to, scratch)) {
    if (status > 100 && needs_tag(request.to(), to_tag))
      b.append_field(canonical_name(header_id::to), *to, ";tag=", to_tag);
    else
      b.add(header_id::to, *to);
  }
  if (auto id = request.value_view(header_id::call_id, scratch))
    b.add(header_id::call_id, *id);
  if (auto cseq = request.value_view(header_id::cseq, scratch))
    b.add(header_id::cseq, *cseq);
  return b;
}

message_builder make_rejection(const message& request, const verdict& v,
                               const uas_profile& profile,
                               std::string_view to_tag) {
  auto b = make_response(request, v.status, v.reason, to_tag);
  switch (v.status) {
  case 405:
    b.add(header_id::allow, join(profile.methods));
    break;
  case 415:
    b.add(header_id::accept, join(profile.body_types));
    break;
  case 420:
    b.add(header_id::unsupported, join(v.unsupported));
    break;
  default:
    break;
  }
  return b;
}

message_builder make_request(const request_fields& f) {
  auto b = message_builder::request(f.method, f.request_uri);
  b.add(header_id::via, f.via);
  b.add(header_id::max_forwards, std::to_string(f.max_forwards));
  b.add(header_id::from, f.from);
  b.add(header_id::to, f.to);
  b.add(header_id::call_id, f.call_id);
  b.add(header_id::cseq, std::to_string(f.cseq) + ' ' + f.method);
  return b;
}

} // namespace passerelle::sip
