#include "sip/syntax/auth_params.hpp"

#include "sip/syntax/chars.hpp"
#include "sip/syntax/text.hpp"

#include <array>

namespace passerelle::sip {

namespace {

// Digest parameters written as quoted-strings (RFC 7616 3.3, 3.4); qop is
// quoted in challenges only.
bool always_quoted(std::string_view name) {
  static constexpr std::array<std::string_view, 8> names{
      "realm",    "nonce", "opaque",   "domain",
      "username", "uri",   "response", "cnonce"};
  for (auto n : names)
    if (iequals(n, name))
      return true;
  return false;
}

bool valid_digest_param(const auth_param& p) {
  if (iequals(p.name, "nc"))
    return p.value.size() == 8 && chars::all_of(p.value, chars::hex);
  if (iequals(p.name, "stale"))
    return iequals(p.value, "true") || iequals(p.value, "false");
  if (iequals(p.name, "response"))
    return chars::all_of(p.value, chars::hex);
  return true;
}

result<auth_param> parse_param(std::string_view item) {
  // auth-param = auth-param-name EQUAL ( token / quoted-string )
  scanner in{item};
  auth_param p;
  p.name = std::string(in.take_token());
  if (p.name.empty() || !in.eat_separator('='))
    return syntax_error::bad_auth;
  if (in.peek() == '"') {
    auto q = in.take_quoted();
    if (!q)
      return q.error();
    p.value = std::move(*q);
    p.quoted = true;
  } else {
    p.value = std::string(in.take_token());
    if (p.value.empty())
      return syntax_error::bad_auth;
  }
  in.skip_lws();
  if (!in.done())
    return syntax_error::bad_auth;
  return p;
}

} // namespace

bool auth_value::is_digest() const {
  return iequals(scheme, "Digest");
}

std::optional<std::string> auth_value::get(std::string_view name) const {
  for (const auto& p : params)
    if (iequals(p.name, name))
      return p.value;
  return std::nullopt;
}

bool auth_value::stale() const {
  auto s = get("stale");
  return s && iequals(*s, "true");
}

result<auth_value> parse_auth(std::string_view text) {
  scanner in{trim(text)};
  auth_value v;
  v.scheme = std::string(in.take_token());
  if (v.scheme.empty())
    return syntax_error::bad_auth;
  if (in.done())
    return v;
  if (!in.skip_lws())
    return syntax_error::bad_auth;
  for (auto item : split_list(in.rest())) {
    auto p = parse_param(item);
    if (!p)
      return p.error();
    if (v.is_digest()) {
      if (!valid_digest_param(*p) || v.get(p->name))
        return syntax_error::bad_auth;
    }
    v.params.push_back(std::move(*p));
  }
  return v;
}

std::string to_string(const auth_value& v, bool credentials) {
  std::string out = v.scheme;
  bool first = true;
  for (const auto& p : v.params) {
    out += first ? " " : ", ";
    first = false;
    out += p.name;
    out.push_back('=');
    bool q = p.quoted;
    if (v.is_digest()) {
      q = always_quoted(p.name) || (iequals(p.name, "qop") && !credentials);
    }
    out += q ? quote(p.value) : p.value;
  }
  return out;
}

} // namespace passerelle::sip
