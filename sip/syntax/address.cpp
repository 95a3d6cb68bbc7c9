#include "sip/syntax/address.hpp"

#include "sip/syntax/chars.hpp"
#include "sip/syntax/text.hpp"

namespace passerelle::sip {

namespace {

// LAQUOT addr-spec RAQUOT: no white space inside the brackets (RFC 4475
// 3.1.2.14 shows why).
std::optional<syntax_error> parse_bracketed(scanner& in, uri& out) {
  if (!in.eat('<'))
    return syntax_error::bad_address;
  auto rest = in.rest();
  auto close = rest.find('>');
  if (close == std::string_view::npos)
    return syntax_error::bad_address;
  in.skip(close + 1);
  return parse_uri(rest.substr(0, close), out);
}

std::optional<syntax_error> parse_bare(scanner& in, uri& out) {
  auto text = in.take_while(
      [](char c) { return c != ';' && !chars::is(c, chars::blank_bit); });
  // RFC 3261 20.10: a URI holding a comma, question mark or semicolon
  // must be written as a name-addr.
  if (text.find('?') != std::string_view::npos ||
      text.find(',') != std::string_view::npos)
    return syntax_error::bad_address;
  return parse_uri(text, out);
}

// parse_address into `a`, a default-constructed address: saves moving
// the result where it is part of a larger value.
std::optional<syntax_error> parse_address_into(std::string_view text,
                                               address& a) {
  scanner in{text};
  in.skip_lws();
  std::optional<syntax_error> failed;
  if (in.peek() == '"') {
    // display-name = quoted-string
    auto name = in.take_quoted();
    if (!name)
      return name.error();
    a.display_name = std::move(*name);
    a.quoted_display = true;
    in.skip_lws();
    a.angle_brackets = true;
    failed = parse_bracketed(in, a.uri);
  } else if (in.peek() == '<') {
    a.angle_brackets = true;
    failed = parse_bracketed(in, a.uri);
  } else {
    auto start = in.position();
    auto first = in.take_token();
    // A token that is all scheme, then ':': a bare addr-spec.
    if (in.peek() == ':' && !first.empty() &&
        scheme_size(first) == first.size()) {
      in = scanner{text};
      in.skip(start);
      failed = parse_bare(in, a.uri);
    } else {
      // display-name = *(token LWS): only tokens may precede '<'.
      if (first.empty())
        return syntax_error::bad_address;
      auto end = in.position();
      while (true) {
        in.skip_lws();
        if (in.peek() == '<' || in.done())
          break;
        if (in.take_token().empty())
          return syntax_error::bad_address;
        end = in.position();
      }
      a.display_name = text.substr(start, end - start);
      a.angle_brackets = true;
      failed = parse_bracketed(in, a.uri);
    }
  }
  if (failed)
    return failed;
  auto params = parse_generic_params(in);
  if (!params)
    return params.error();
  a.params = std::move(*params);
  in.skip_lws();
  if (!in.done())
    return syntax_error::trailing_garbage;
  return std::nullopt;
}

// parse_contact into `e`, a default-constructed entry.
std::optional<syntax_error> parse_contact_into(std::string_view text,
                                               contact_entry& e) {
  if (auto error = parse_address_into(text, e.addr))
    return error;
  if (const auto* x = param_named(e.addr.params, "expires")) {
    // delta-seconds; RFC 4475 3.1.2.4 treats larger values as invalid.
    auto n = parse_decimal(x->value, 0xffffffffu);
    if (!n)
      return n.error();
    e.expires = static_cast<std::uint32_t>(*n);
  }
  if (const auto* q = param_named(e.addr.params, "q")) {
    auto n = parse_qvalue(q->value);
    if (!n)
      return n.error();
    e.q = *n;
  }
  return std::nullopt;
}

} // namespace

result<address> parse_address(std::string_view text) {
  address a;
  if (auto error = parse_address_into(text, a))
    return *error;
  return a;
}

std::string to_string(const address& a) {
  std::string out;
  if (a.display_name) {
    out += a.quoted_display ? quote(*a.display_name) : *a.display_name;
    out.push_back(' ');
  }
  bool brackets = a.angle_brackets || a.display_name;
  if (brackets)
    out.push_back('<');
  out += to_string(a.uri);
  if (brackets)
    out.push_back('>');
  append_params(out, a.params);
  return out;
}

result<std::uint16_t> parse_qvalue(std::string_view s) {
  // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
  if (s.empty() || (s[0] != '0' && s[0] != '1'))
    return syntax_error::bad_number;
  unsigned value = s[0] == '1' ? 1000 : 0;
  if (s.size() == 1)
    return static_cast<std::uint16_t>(value);
  if (s[1] != '.' || s.size() > 5)
    return syntax_error::bad_number;
  unsigned scale = 100;
  for (char c : s.substr(2)) {
    if (!chars::digit(c) || (value == 1000 && c != '0'))
      return syntax_error::bad_number;
    value += static_cast<unsigned>(c - '0') * scale;
    scale /= 10;
  }
  return static_cast<std::uint16_t>(value);
}

result<contact_entry> parse_contact(std::string_view text) {
  contact_entry e;
  if (auto error = parse_contact_into(text, e))
    return *error;
  return e;
}

std::optional<syntax_error> add_contact(contact_list& list,
                                        std::string_view element) {
  if (element == "*") {
    list.wildcard = true;
    return std::nullopt;
  }
  // Parsed in place; a refused element leaves the list as it was.
  auto error = parse_contact_into(element, list.entries.emplace_back());
  if (error)
    list.entries.pop_back();
  return error;
}

result<contact_list> parse_contacts(const std::vector<std::string>& values) {
  contact_list out;
  out.entries.reserve(values.size());
  for (const auto& v : values)
    if (auto error = add_contact(out, v))
      return *error;
  if (out.wildcard && !out.entries.empty())
    return syntax_error::bad_address;
  return out;
}

} // namespace passerelle::sip
