#include "sip/syntax/uri.hpp"

#include "sip/syntax/text.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace passerelle::sip {

namespace {

void append_params(std::string& out, const std::vector<uri_param>& ps,
                   char first, char next) {
  bool start = true;
  for (const auto& p : ps) {
    out.push_back(start ? first : next);
    start = false;
    out += p.name;
    if (p.has_value) {
      out.push_back('=');
      out += p.value;
    }
  }
}

// The `nth` (from 0) of `ps` named `name` (unescaped, ignoring case).
const uri_param* find(const std::vector<uri_param>& ps, std::string_view name,
                      std::size_t nth = 0) {
  for (const auto& p : ps)
    if (iequals_unescaped(p.name, name) && nth-- == 0)
      return &p;
  return nullptr;
}

// `written` unescaped: itself when it holds no escape, else a copy kept
// in `scratch`.
std::string_view plain(std::string_view written, std::string& scratch) {
  if (written.find('%') == std::string_view::npos)
    return written;
  scratch = unescape(written);
  return scratch;
}

// How many of `ps` before `ps[i]` bear its (unescaped) name `name`: a
// name that repeats (`;tag=1;tag=2`) is matched occurrence by occurrence,
// so a URI stays equivalent to itself.
std::size_t rank_of(const std::vector<uri_param>& ps, std::size_t i,
                    std::string_view name) {
  std::size_t rank = 0;
  for (std::size_t j = 0; j < i; ++j)
    rank += iequals_unescaped(ps[j].name, name) ? 1 : 0;
  return rank;
}

// The element of `b` that `a[i]` is compared with: the one bearing its
// name at the same rank among those of that name.
const uri_param* counterpart(const std::vector<uri_param>& a, std::size_t i,
                             const std::vector<uri_param>& b) {
  std::string scratch;
  auto name = plain(a[i].name, scratch);
  return find(b, name, rank_of(a, i, name));
}

bool same_value(const uri_param& a, const uri_param& b) {
  if (b.value.find('%') == std::string_view::npos)
    return iequals_unescaped(a.value, b.value);
  return iequals(unescape(a.value), unescape(b.value));
}

// RFC 3261 19.1.4: a parameter present in both URIs must match; user, ttl,
// method, maddr and transport must also be present in both or neither.
bool params_match(const uri& a, const uri& b) {
  static constexpr std::array<std::string_view, 5> strict{
      "user", "ttl", "method", "maddr", "transport"};
  for (auto name : strict)
    if ((find(a.params, name) == nullptr) != (find(b.params, name) == nullptr))
      return false;
  for (std::size_t i = 0; i < a.params.size(); ++i)
    if (auto q = counterpart(a.params, i, b.params);
        q && !same_value(a.params[i], *q))
      return false;
  return true;
}

// RFC 3261 19.1.4: every header must be present in both and match.
bool headers_match(const uri& a, const uri& b) {
  if (a.headers.size() != b.headers.size())
    return false;
  for (std::size_t i = 0; i < a.headers.size(); ++i)
    if (auto g = counterpart(a.headers, i, b.headers);
        !g || unescape(a.headers[i].value) != unescape(g->value))
      return false;
  return true;
}

// RFC 3966 4: numbers compare without visual separators.
std::string tel_digits(const std::optional<std::string>& number) {
  std::string out;
  if (!number)
    return out;
  for (char c : to_lower(*number))
    if (c != '-' && c != '.' && c != '(' && c != ')')
      out.push_back(c);
  return out;
}

bool tel_params_match(const uri& a, const uri& b) {
  if (a.params.size() != b.params.size())
    return false;
  for (std::size_t i = 0; i < a.params.size(); ++i)
    if (auto q = counterpart(a.params, i, b.params);
        !q || !same_value(a.params[i], *q))
      return false;
  return true;
}

} // namespace

std::string to_string(const uri& u) {
  std::string out = u.scheme_name;
  out.push_back(':');
  if (u.scheme == uri_scheme::other) {
    out += u.opaque;
    return out;
  }
  if (u.user)
    out += *u.user;
  if (u.scheme == uri_scheme::tel) {
    append_params(out, u.params, ';', ';');
    return out;
  }
  if (u.password) {
    out.push_back(':');
    out += *u.password;
  }
  if (u.user)
    out.push_back('@');
  out += u.host;
  if (u.port) {
    out.push_back(':');
    out += std::to_string(*u.port);
  }
  append_params(out, u.params, ';', ';');
  append_params(out, u.headers, '?', '&');
  return out;
}

bool equivalent(const uri& a, const uri& b) {
  if (a.scheme != b.scheme)
    return false;
  switch (a.scheme) {
  case uri_scheme::other:
    return iequals(a.scheme_name, b.scheme_name) && a.opaque == b.opaque;
  case uri_scheme::tel:
    return tel_digits(a.user) == tel_digits(b.user) && tel_params_match(a, b);
  default:
    break;
  }
  // Userinfo is case-sensitive, compared after unescaping.
  if (a.user_unescaped() != b.user_unescaped())
    return false;
  auto pw = [](const uri& u) {
    return u.password ? std::optional{unescape(*u.password)} : std::nullopt;
  };
  if (pw(a) != pw(b))
    return false;
  // An explicit default port is not the same as no port (RFC 3261 19.1.4).
  if (!iequals(a.host, b.host) || a.port != b.port)
    return false;
  return params_match(a, b) && headers_match(a, b);
}

} // namespace passerelle::sip
