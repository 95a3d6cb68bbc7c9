#include "sip/syntax/uri.hpp"

#include "sip/syntax/chars.hpp"
#include "sip/syntax/host.hpp"
#include "sip/syntax/text.hpp"

namespace passerelle::sip {

namespace {

// The characters each part of a URI allows besides escapes (RFC 3261
// 25.1, RFC 2396 3).
constexpr std::uint32_t user_chars =
    chars::unreserved_mask | chars::user_unreserved_bit;
constexpr std::uint32_t password_chars =
    chars::unreserved_mask | chars::password_extra_bit;
constexpr std::uint32_t param_chars =
    chars::unreserved_mask | chars::param_unreserved_bit;
constexpr std::uint32_t header_chars =
    chars::unreserved_mask | chars::hnv_unreserved_bit;
constexpr std::uint32_t uric_chars =
    chars::unreserved_mask | chars::reserved_bit;

// Returns the length of the longest prefix of `s` made of characters in
// `allowed` and escapes ("%" HEX HEX). Every class allows the hex digits,
// so an escape never straddles the end of the part being read.
std::size_t escaped_span(std::string_view s, std::uint32_t allowed) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    if (chars::is(s[i], allowed))
      ++i;
    else if (s[i] == '%' && i + 2 < s.size() && chars::hex(s[i + 1]) &&
             chars::hex(s[i + 2]))
      i += 3;
    else
      break;
  }
  return i;
}

// Whether `s` is all `allowed` characters and escapes.
bool escaped_run(std::string_view s, std::uint32_t allowed) noexcept {
  return escaped_span(s, allowed) == s.size();
}

// uri-parameters = *( ";" uri-parameter ), pname = 1*paramchar,
// pvalue = 1*paramchar (RFC 3261 25.1). A parameter ends at ';', at the
// '?' of headers when `headers_follow`, or at the end; any other
// character is an error.
std::optional<syntax_error> parse_params(std::string_view& s,
                                         std::vector<uri_param>& out,
                                         bool headers_follow) {
  auto ends_param = [headers_follow](std::string_view rest) {
    return rest.empty() || rest.front() == ';' ||
           (headers_follow && rest.front() == '?');
  };
  while (!s.empty() && s.front() == ';') {
    s.remove_prefix(1);
    auto name = s.substr(0, escaped_span(s, param_chars));
    if (name.empty())
      return syntax_error::bad_param;
    s.remove_prefix(name.size());
    auto& p = out.emplace_back();
    p.name = name;
    if (!s.empty() && s.front() == '=') {
      s.remove_prefix(1);
      auto value = s.substr(0, escaped_span(s, param_chars));
      if (value.empty())
        return syntax_error::bad_param;
      s.remove_prefix(value.size());
      p.has_value = true;
      p.value = value;
    }
    if (!ends_param(s))
      return syntax_error::bad_param;
  }
  return std::nullopt;
}

// headers = "?" header *( "&" header ), header = hname "=" hvalue,
// hname = 1*( hnv-unreserved / unreserved / escaped ), hvalue = *( same ).
std::optional<syntax_error> parse_headers(std::string_view s,
                                          std::vector<uri_param>& out) {
  while (true) {
    auto name = s.substr(0, escaped_span(s, header_chars));
    if (name.empty() || name.size() == s.size() || s[name.size()] != '=')
      return syntax_error::bad_uri_header;
    s.remove_prefix(name.size() + 1);
    auto value = s.substr(0, escaped_span(s, header_chars));
    s.remove_prefix(value.size());
    if (!s.empty() && s.front() != '&')
      return syntax_error::bad_uri_header;
    out.push_back(uri_param{std::string(name), std::string(value), true});
    if (s.empty())
      return std::nullopt;
    s.remove_prefix(1);
  }
}

std::optional<syntax_error> parse_sip(uri& u, std::string_view s) {
  // '@' cannot appear unescaped after the userinfo, so the first one ends
  // it (RFC 3261 25.1: user, password, params and headers exclude '@').
  auto at = s.find('@');
  if (at != std::string_view::npos) {
    // userinfo = user [ ":" password ]; neither holds ':' unescaped.
    auto userinfo = s.substr(0, at);
    auto user = userinfo.substr(0, escaped_span(userinfo, user_chars));
    if (user.empty() ||
        (user.size() < userinfo.size() && userinfo[user.size()] != ':'))
      return syntax_error::bad_user;
    u.user = user;
    if (user.size() < userinfo.size()) {
      auto pw = userinfo.substr(user.size() + 1);
      if (!escaped_run(pw, password_chars))
        return syntax_error::bad_user;
      u.password = pw;
    }
    s.remove_prefix(at + 1);
  }
  std::size_t used = 0;
  auto hp = parse_host_port(s, used);
  if (!hp)
    return hp.error();
  u.host = hp->host;
  u.port = hp->port;
  s.remove_prefix(used);
  if (auto error = parse_params(s, u.params, true))
    return error;
  if (!s.empty() && s.front() == '?')
    return parse_headers(s.substr(1), u.headers);
  if (!s.empty())
    return syntax_error::bad_uri;
  return std::nullopt;
}

std::optional<syntax_error> parse_tel(uri& u, std::string_view s) {
  // telephone-subscriber = global-number / local-number (RFC 3966 3).
  auto number = s.substr(0, s.find(';'));
  s.remove_prefix(number.size());
  bool global = !number.empty() && number.front() == '+';
  auto digits = global ? number.substr(1) : number;
  auto ok = [global](char c) {
    if (chars::digit(c) || chars::in(c, "-.()"))
      return true;
    return !global && (chars::hex(c) || c == '*' || c == '#');
  };
  if (!chars::all_of(digits, ok))
    return syntax_error::bad_user;
  u.user = std::string(number);
  if (auto error = parse_params(s, u.params, false))
    return error;
  // Every parameter ends at ';' or the end, so none is left.
  return std::nullopt;
}

} // namespace

std::optional<std::string> uri::user_unescaped() const {
  if (!user)
    return std::nullopt;
  return unescape(*user);
}

std::optional<std::string> uri::param(std::string_view name) const {
  for (const auto& p : params)
    if (iequals_unescaped(p.name, name))
      return unescape(p.value);
  return std::nullopt;
}

result<uri> parse_uri(std::string_view text) {
  uri u;
  if (auto error = parse_uri(text, u))
    return *error;
  return u;
}

std::size_t scheme_size(std::string_view text) noexcept {
  if (text.empty() || !chars::alpha(text.front()))
    return 0;
  std::size_t n = 1;
  while (n < text.size() &&
         chars::is(text[n], chars::alpha_bit | chars::digit_bit |
                                chars::scheme_extra_bit))
    ++n;
  return n;
}

std::optional<syntax_error> parse_uri(std::string_view text, uri& u) {
  if (text.empty())
    return syntax_error::empty;
  auto colon = scheme_size(text);
  if (colon == 0 || colon == text.size() || text[colon] != ':')
    return syntax_error::bad_scheme;
  auto scheme = text.substr(0, colon);
  u.scheme_name = scheme;
  auto rest = text.substr(colon + 1);
  if (iequals(scheme, "sip") || iequals(scheme, "sips")) {
    u.scheme = scheme.size() == 3 ? uri_scheme::sip : uri_scheme::sips;
    return parse_sip(u, rest);
  }
  if (iequals(scheme, "tel")) {
    u.scheme = uri_scheme::tel;
    return parse_tel(u, rest);
  }
  // absoluteURI = scheme ":" ( hier-part / opaque-part ) (RFC 2396 3).
  if (rest.empty() || !escaped_run(rest, uric_chars))
    return syntax_error::bad_uri;
  u.opaque = rest;
  return std::nullopt;
}

} // namespace passerelle::sip
