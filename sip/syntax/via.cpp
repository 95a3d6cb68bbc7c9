#include "sip/syntax/via.hpp"

#include "sip/syntax/chars.hpp"
#include "sip/syntax/host.hpp"
#include "sip/syntax/text.hpp"

namespace passerelle::sip {

namespace {

// via-ttl, via-maddr, via-received, via-branch and rport values are
// checked against their grammars; other via-extensions are generic.
bool valid_param(const generic_param& p) {
  if (iequals(p.name, "ttl"))
    return p.has_value && !p.quoted && p.value.size() <= 3 &&
           parse_decimal(p.value, 255).has_value();
  if (iequals(p.name, "maddr"))
    return p.has_value && !p.quoted && is_host(p.value);
  if (iequals(p.name, "received"))
    return p.has_value && !p.quoted &&
           (is_ipv4(p.value) || is_ipv6(p.value) || is_host(p.value));
  if (iequals(p.name, "branch"))
    return p.has_value && !p.quoted && chars::is_token(p.value);
  if (iequals(p.name, "rport"))
    return !p.has_value || (!p.quoted && parse_port(p.value).has_value());
  return true;
}

} // namespace

std::optional<std::uint8_t> via::ttl() const {
  auto v = find_param(params, "ttl");
  if (!v)
    return std::nullopt;
  auto n = parse_decimal(*v, 255);
  if (!n)
    return std::nullopt;
  return static_cast<std::uint8_t>(*n);
}

std::optional<std::uint16_t> via::rport() const {
  auto v = find_param(params, "rport");
  if (!v || v->empty())
    return std::nullopt;
  auto n = parse_port(*v);
  if (!n)
    return std::nullopt;
  return *n;
}

bool via::rfc3261_branch() const {
  auto b = branch();
  return b && b->size() > magic_cookie.size() &&
         b->compare(0, magic_cookie.size(), magic_cookie) == 0;
}

result<via> parse_via(std::string_view text) {
  scanner in{text};
  in.skip_lws();
  via v;
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport
  v.protocol_name = std::string(in.take_token());
  if (v.protocol_name.empty() || !in.eat_separator('/'))
    return syntax_error::bad_via;
  v.protocol_version = std::string(in.take_token());
  if (v.protocol_version.empty() || !in.eat_separator('/'))
    return syntax_error::bad_via;
  v.transport = std::string(in.take_token());
  if (v.transport.empty() || !in.skip_lws())
    return syntax_error::bad_via;
  std::size_t used = 0;
  auto hp = parse_host_port(in.rest(), used, true);
  if (!hp)
    return hp.error();
  v.host = std::string(hp->host);
  v.port = hp->port;
  in.skip(used);
  auto params = parse_generic_params(in);
  if (!params)
    return params.error();
  for (const auto& p : *params)
    if (!valid_param(p))
      return syntax_error::bad_param;
  v.params = std::move(*params);
  in.skip_lws();
  if (!in.done())
    return syntax_error::trailing_garbage;
  return v;
}

result<std::vector<via>> parse_vias(const std::vector<std::string>& values) {
  std::vector<via> out;
  out.reserve(values.size());
  for (const auto& text : values) {
    auto v = parse_via(text);
    if (!v)
      return v.error();
    out.push_back(std::move(*v));
  }
  return out;
}

std::string to_string(const via& v) {
  std::string out = v.protocol_name + '/' + v.protocol_version + '/' +
                    v.transport + ' ' + v.host;
  if (v.port)
    out += ':' + std::to_string(*v.port);
  append_params(out, v.params);
  return out;
}

} // namespace passerelle::sip
