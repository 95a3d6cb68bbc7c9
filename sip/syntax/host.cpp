#include "sip/syntax/host.hpp"

#include "sip/syntax/chars.hpp"
#include "sip/syntax/text.hpp"

namespace passerelle::sip {

bool is_ipv4(std::string_view s) noexcept {
  // Four dot-separated parts of 1 to 3 digits, each at most 255.
  std::size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0 && (i == s.size() || s[i++] != '.'))
      return false;
    auto start = i;
    unsigned value = 0;
    while (i < s.size() && i - start < 3 && chars::digit(s[i]))
      value = value * 10 + static_cast<unsigned>(s[i++] - '0');
    if (i == start || value > 255)
      return false;
  }
  return i == s.size();
}

bool is_ipv6(std::string_view s) noexcept {
  // hexpart [ ":" IPv4address ], hexpart with at most one "::".
  if (s.empty() || s.size() > 45)
    return false;
  auto gap = s.find("::");
  if (gap != std::string_view::npos &&
      s.find("::", gap + 1) != std::string_view::npos)
    return false;
  int groups = 0;
  auto count = [&](std::string_view seq, bool last) {
    if (seq.empty())
      return true;
    while (true) {
      auto colon = seq.find(':');
      auto g = seq.substr(0, colon);
      if (colon == std::string_view::npos && last && g.find('.') != g.npos) {
        if (!is_ipv4(g))
          return false;
        groups += 2;
        return true;
      }
      if (g.empty() || g.size() > 4 || !chars::all_of(g, chars::hex))
        return false;
      ++groups;
      if (colon == std::string_view::npos)
        return true;
      seq.remove_prefix(colon + 1);
    }
  };
  if (gap == std::string_view::npos)
    return count(s, true) && groups == 8;
  if (!count(s.substr(0, gap), false) || !count(s.substr(gap + 2), true))
    return false;
  return groups < 8;
}

bool is_hostname(std::string_view s) noexcept {
  // hostname = *( domainlabel "." ) toplabel [ "." ]
  if (s.empty() || s.size() > 255)
    return false;
  if (s.back() == '.')
    s.remove_suffix(1);
  constexpr auto label_chars =
      chars::alpha_bit | chars::digit_bit | chars::label_extra_bit;
  std::size_t start = 0;
  while (true) {
    // A label: alphanum / "-" / "_", with alphanum at both ends.
    auto end = start;
    while (end < s.size() && chars::is(s[end], label_chars))
      ++end;
    if (end == start || !chars::alphanum(s[start]) ||
        !chars::alphanum(s[end - 1]))
      return false;
    // toplabel starts with a letter, which tells names from IPv4
    // addresses.
    if (end == s.size())
      return chars::alpha(s[start]);
    if (s[end] != '.')
      return false;
    start = end + 1;
  }
}

bool is_host(std::string_view s) noexcept {
  if (s.size() >= 2 && s.front() == '[' && s.back() == ']')
    return is_ipv6(s.substr(1, s.size() - 2));
  return is_ipv4(s) || is_hostname(s);
}

result<std::uint16_t> parse_port(std::string_view s) {
  if (s.empty() || s.size() > 5)
    return syntax_error::bad_port;
  auto n = parse_decimal(s, 65535);
  if (!n)
    return syntax_error::bad_port;
  return static_cast<std::uint16_t>(*n);
}

result<host_port> parse_host_port(std::string_view s, std::size_t& used,
                                  bool lws) {
  scanner in{s};
  std::string_view host;
  if (in.peek() == '[') {
    auto close = s.find(']');
    if (close == std::string_view::npos)
      return syntax_error::bad_host;
    host = s.substr(0, close + 1);
    in.skip(close + 1);
  } else {
    host = in.take_while([](char c) {
      return chars::is(c, chars::alpha_bit | chars::digit_bit |
                              chars::host_extra_bit);
    });
  }
  if (!is_host(host))
    return syntax_error::bad_host;
  host_port out{host, std::nullopt};
  bool colon = lws ? in.eat_separator(':') : in.eat(':');
  if (colon) {
    auto port = parse_port(in.take_while(chars::digit));
    if (!port)
      return port.error();
    out.port = *port;
  }
  used = in.position();
  return out;
}

} // namespace passerelle::sip
