#include "sip/syntax/classify.hpp"

#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/chars.hpp"
#include "sip/syntax/header_checks.hpp"
#include "sip/syntax/scalars.hpp"
#include "sip/syntax/text.hpp"
#include "sip/syntax/uri.hpp"
#include "sip/syntax/via.hpp"

#include <algorithm>
#include <optional>
#include <tuple>

namespace passerelle::sip {

namespace {

using std::nullopt;
using std::optional;

bool contains(const std::vector<std::string>& set, std::string_view s) {
  return std::any_of(set.begin(), set.end(),
                     [s](const std::string& x) { return iequals(x, s); });
}

verdict reject(int status, problem what, std::string reason,
               header_id h = header_id::unknown) {
  verdict v;
  v.action = disposition::reject;
  v.status = status;
  v.reason = std::move(reason);
  v.what = what;
  v.header = h;
  return v;
}

verdict bad_request(problem what, std::string reason,
                    header_id h = header_id::unknown) {
  return reject(400, what, std::move(reason), h);
}

std::string named(std::string_view prefix, header_id h,
                  std::string_view suffix) {
  return std::string(prefix) + std::string(canonical_name(h)) +
         std::string(suffix);
}

// SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT, case-insensitive "SIP".
bool looks_like_version(std::string_view v) {
  if (v.size() < 7 || !iequals(v.substr(0, 4), "SIP/"))
    return false;
  auto rest = v.substr(4);
  auto dot = rest.find('.');
  return dot != std::string_view::npos &&
         chars::all_of(rest.substr(0, dot), chars::digit) &&
         chars::all_of(rest.substr(dot + 1), chars::digit);
}

// The scheme of a URI known to parse: the text before its first ':', as
// parse_uri reads it.
std::string_view uri_scheme_name(std::string_view text) {
  return text.substr(0, text.find(':'));
}

// Grammar and framing checks that come before any header is trusted.
optional<verdict> check_framing(const message& m) {
  if (m.has(message_defect::bad_header_line))
    return bad_request(problem::bad_header_line, "Malformed Header Line");
  if (m.has(message_defect::too_large))
    return reject(513, problem::message_too_large, "Message Too Large");
  if (m.has(message_defect::content_length_repeated))
    return bad_request(problem::repeated_header,
                       "Multiple Content-Length Headers",
                       header_id::content_length);
  if (m.has(message_defect::content_length_invalid))
    return bad_request(problem::bad_content_length, "Bad Content-Length",
                       header_id::content_length);
  if (m.has(message_defect::content_length_missing))
    return bad_request(problem::missing_header, "Missing Content-Length",
                       header_id::content_length);
  if (m.has(message_defect::content_length_overflow))
    return bad_request(problem::content_length_overflow,
                       "Content-Length Exceeds Datagram",
                       header_id::content_length);
  return nullopt;
}

optional<verdict> check_request_line(const message& m) {
  // RFC 3261 7.1: single SP separators, no LWS (RFC 4475 3.1.2.8-10).
  if (!m.strict_request_line() || !chars::is_token(m.method()))
    return bad_request(problem::bad_request_line, "Malformed Request-Line");
  if (!iequals(m.version(), "SIP/2.0")) {
    if (looks_like_version(m.version()))
      return reject(505, problem::unsupported_version, "Version Not Supported");
    return bad_request(problem::bad_request_line, "Malformed SIP-Version");
  }
  auto ruri = parse_uri(m.request_uri());
  if (!ruri)
    return bad_request(problem::bad_request_uri, "Malformed Request-URI");
  // RFC 3261 19.1.5: headers make no sense in a Request-URI (RFC 4475
  // 3.1.2.11).
  if (ruri->is_sip() && !ruri->headers.empty())
    return bad_request(problem::headers_in_request_uri,
                       "Headers Not Allowed In Request-URI");
  return nullopt;
}

optional<verdict> check_headers(const message& m) {
  if (auto h = detail::first_missing_header(m))
    return bad_request(problem::missing_header,
                       named("Missing ", *h, " Header"), *h);
  if (auto h = detail::first_repeated_header(m))
    return bad_request(problem::repeated_header,
                       named("Multiple ", *h, " Headers"), *h);
  if (auto h = detail::first_malformed_header(m))
    return bad_request(problem::bad_header_value,
                       named("Malformed ", *h, " Header"), *h);
  return nullopt;
}

// RFC 3261 22.1: credentials in a scheme we cannot verify are answered
// with a fresh challenge (RFC 4475 3.3.7). Runs after check_headers, so
// every credentials value is known to parse and only its scheme matters.
optional<verdict> check_auth(const message& m, const uas_profile& p) {
  std::string scratch;
  for (auto [id, status, reason] :
       {std::tuple{header_id::authorization, 401, "Unauthorized"},
        std::tuple{header_id::proxy_authorization, 407,
                   "Proxy Authentication Required"}}) {
    if (m.count(id) == 0)
      continue;
    for (const auto& h : m.headers())
      if (h.id == id &&
          !contains(p.auth_schemes, auth_scheme(h.value_view(scratch))))
        return reject(status, problem::unknown_auth_scheme, reason, id);
  }
  return nullopt;
}

optional<verdict> check_extensions(const message& m, const uas_profile& p) {
  auto tags = parse_option_tags(m.list(header_id::require));
  if (!tags)
    return nullopt;
  verdict v =
      reject(420, problem::bad_extension, "Bad Extension", header_id::require);
  for (const auto& t : *tags)
    if (!contains(p.extensions, t))
      v.unsupported.push_back(t);
  if (v.unsupported.empty())
    return nullopt;
  return v;
}

// RFC 3261 8.2.3: a body we cannot read is answered with 415.
optional<verdict> check_body(const message& m, const uas_profile& p) {
  if (m.body().empty())
    return nullopt;
  auto ct = m.value(header_id::content_type);
  if (!ct)
    return bad_request(problem::missing_header, "Missing Content-Type Header",
                       header_id::content_type);
  auto type = parse_media_type(*ct);
  if (!type || !contains(p.body_types, type->essence()))
    return reject(415, problem::unsupported_media_type,
                  "Unsupported Media Type", header_id::content_type);
  for (const auto& e : m.list(header_id::content_encoding))
    if (!e.empty() && !iequals(e, "identity"))
      return reject(415, problem::unsupported_media_type,
                    "Unsupported Media Type", header_id::content_encoding);
  return nullopt;
}

// RFC 3261 20.1: Accept limits what the answer may carry (RFC 4475
// 3.3.15).
optional<verdict> check_accept(const message& m, const uas_profile& p) {
  if (m.method() != "INVITE" || m.count(header_id::accept) == 0)
    return nullopt;
  for (const auto& item : m.list(header_id::accept)) {
    auto range = parse_media_type(item);
    if (range && range->covers(p.answer_type))
      return nullopt;
  }
  return reject(406, problem::not_acceptable, "Not Acceptable",
                header_id::accept);
}

verdict classify_request(const message& m, const uas_profile& p) {
  optional<verdict> v = check_framing(m);
  if (!v)
    v = check_request_line(m);
  if (!v)
    v = check_headers(m);
  // From here on the Request-URI, CSeq and Max-Forwards are known to parse.
  std::string scratch;
  if (!v) {
    if ((*m.cseq())->method != m.method())
      v = bad_request(problem::cseq_mismatch, "CSeq Method Mismatch",
                      header_id::cseq);
  }
  bool ack_or_cancel = m.method() == "ACK" || m.method() == "CANCEL";
  if (!v && !ack_or_cancel)
    v = check_auth(m, p);
  if (!v && !contains(p.methods, m.method()))
    v = reject(405, problem::method_not_allowed, "Method Not Allowed");
  if (!v && !contains(p.uri_schemes, uri_scheme_name(m.request_uri())))
    v = reject(416, problem::unsupported_scheme, "Unsupported URI Scheme");
  if (!v && !ack_or_cancel)
    v = check_extensions(m, p);
  if (!v)
    v = check_body(m, p);
  if (!v)
    v = check_accept(m, p);
  if (v) {
    // RFC 3261 17: an ACK is never answered.
    if (m.method() == "ACK")
      v->action = disposition::drop;
    return *v;
  }
  verdict ok;
  auto mf = m.value_view(header_id::max_forwards, scratch);
  ok.max_forwards_exhausted = mf && *parse_max_forwards(*mf) == 0;
  return ok;
}

verdict drop(problem what, header_id h = header_id::unknown) {
  verdict v;
  v.action = disposition::drop;
  v.what = what;
  v.header = h;
  return v;
}

verdict classify_response(const message& m) {
  if (auto v = check_framing(m))
    return drop(v->what, v->header);
  auto code = m.status_code();
  if (!iequals(m.version(), "SIP/2.0") || !code || *code < 100 || *code > 699)
    return drop(problem::bad_status_line);
  if (auto v = check_headers(m))
    return drop(v->what, v->header);
  // RFC 3261 8.1.3.3: a UAC discards responses with more than one Via.
  auto vias = *parse_vias(m.list(header_id::via));
  if (vias.size() > 1)
    return drop(problem::extra_via, header_id::via);
  if (vias.front().host == "255.255.255.255")
    return drop(problem::broadcast_via, header_id::via);
  return verdict{};
}

} // namespace

bool is_malformed(problem p) noexcept {
  // The enum lists every grammar error before the semantic problems.
  return p != problem::none && p <= problem::cseq_mismatch;
}

const uas_profile& uas_profile::gateway() {
  static const uas_profile profile{
      {"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK",
       "UPDATE", "INFO", "REFER", "NOTIFY", "SUBSCRIBE", "MESSAGE"},
      {"sip", "sips", "tel"},
      {"100rel", "replaces", "timer", "path", "outbound", "gruu", "norefersub"},
      {"application/sdp", "multipart/mixed", "multipart/alternative",
       "text/plain", "message/sipfrag", "application/dtmf-relay"},
      {"Digest"},
      "application/sdp",
  };
  return profile;
}

verdict classify(const message& m, const uas_profile& profile) {
  return m.is_request() ? classify_request(m, profile) : classify_response(m);
}

verdict classify(const message& m) {
  return classify(m, uas_profile::gateway());
}

} // namespace passerelle::sip
