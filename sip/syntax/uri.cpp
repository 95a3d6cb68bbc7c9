#include "sip/syntax/uri.hpp"

#include "sip/syntax/chars.hpp"
#include "sip/syntax/host.hpp"
#include "sip/syntax/text.hpp"

namespace passerelle::sip {

namespace {

bool escaped_run(std::string_view s, bool (*allowed)(char)) {
  for (char c : s)
    if (c != '%' && !allowed(c))
      return false;
  return valid_escapes(s);
}

bool user_char(char c) {
  return chars::unreserved(c) || chars::user_unreserved(c);
}

bool password_char(char c) {
  return chars::unreserved(c) || chars::password_extra(c);
}

bool param_char(char c) {
  return chars::unreserved(c) || chars::param_unreserved(c);
}

bool header_char(char c) {
  return chars::unreserved(c) || chars::hnv_unreserved(c);
}

bool uric(char c) {
  return chars::unreserved(c) || chars::reserved(c) || c == '%';
}

// uri-parameters = *( ";" uri-parameter ), pname = 1*paramchar,
// pvalue = 1*paramchar (RFC 3261 25.1).
result<std::vector<uri_param>> parse_params(std::string_view& s,
                                            std::string_view stop) {
  std::vector<uri_param> out;
  while (!s.empty() && s.front() == ';') {
    s.remove_prefix(1);
    auto end = s.find_first_of(stop);
    auto item = s.substr(0, end);
    s.remove_prefix(item.size());
    uri_param p;
    auto eq = item.find('=');
    p.name = std::string(item.substr(0, eq));
    if (eq != std::string_view::npos) {
      p.has_value = true;
      p.value = std::string(item.substr(eq + 1));
      if (!escaped_run(p.value, param_char) || p.value.empty())
        return syntax_error::bad_param;
    }
    if (p.name.empty() || !escaped_run(p.name, param_char))
      return syntax_error::bad_param;
    out.push_back(std::move(p));
  }
  return out;
}

// headers = "?" header *( "&" header ), header = hname "=" hvalue.
result<std::vector<uri_param>> parse_headers(std::string_view s) {
  std::vector<uri_param> out;
  while (true) {
    auto amp = s.find('&');
    auto item = s.substr(0, amp);
    auto eq = item.find('=');
    if (eq == std::string_view::npos)
      return syntax_error::bad_uri_header;
    uri_param h{std::string(item.substr(0, eq)),
                std::string(item.substr(eq + 1)), true};
    if (h.name.empty() || !escaped_run(h.name, header_char) ||
        !escaped_run(h.value, header_char))
      return syntax_error::bad_uri_header;
    out.push_back(std::move(h));
    if (amp == std::string_view::npos)
      return out;
    s.remove_prefix(amp + 1);
  }
}

std::optional<syntax_error> parse_sip(uri& u, std::string_view s) {
  // '@' cannot appear unescaped after the userinfo, so the first one ends
  // it (RFC 3261 25.1: user, password, params and headers exclude '@').
  auto at = s.find('@');
  if (at != std::string_view::npos) {
    auto userinfo = s.substr(0, at);
    auto colon = userinfo.find(':');
    auto user = userinfo.substr(0, colon);
    if (user.empty() || !escaped_run(user, user_char))
      return syntax_error::bad_user;
    u.user = std::string(user);
    if (colon != std::string_view::npos) {
      auto pw = userinfo.substr(colon + 1);
      if (!escaped_run(pw, password_char))
        return syntax_error::bad_user;
      u.password = std::string(pw);
    }
    s.remove_prefix(at + 1);
  }
  std::size_t used = 0;
  auto hp = parse_host_port(s, used);
  if (!hp)
    return hp.error();
  u.host = std::string(hp->host);
  u.port = hp->port;
  s.remove_prefix(used);
  auto params = parse_params(s, ";?");
  if (!params)
    return params.error();
  u.params = std::move(*params);
  if (!s.empty() && s.front() == '?') {
    auto headers = parse_headers(s.substr(1));
    if (!headers)
      return headers.error();
    u.headers = std::move(*headers);
    s = {};
  }
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
  auto params = parse_params(s, ";");
  if (!params)
    return params.error();
  u.params = std::move(*params);
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
    if (iequals(unescape(p.name), name))
      return unescape(p.value);
  return std::nullopt;
}

result<uri> parse_uri(std::string_view text) {
  uri u;
  if (auto error = parse_uri(text, u))
    return *error;
  return u;
}

std::optional<syntax_error> parse_uri(std::string_view text, uri& u) {
  if (text.empty())
    return syntax_error::empty;
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return syntax_error::bad_scheme;
  auto scheme = text.substr(0, colon);
  auto scheme_char = [](char c) {
    return chars::alphanum(c) || chars::in(c, "+-.");
  };
  if (!chars::alpha(scheme.front()) || !chars::all_of(scheme, scheme_char))
    return syntax_error::bad_scheme;
  u.scheme_name = std::string(scheme);
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
  if (rest.empty() || !escaped_run(rest, uric))
    return syntax_error::bad_uri;
  u.opaque = std::string(rest);
  return std::nullopt;
}

} // namespace passerelle::sip
