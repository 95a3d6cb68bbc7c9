#include "sip/syntax/params.hpp"

#include "sip/syntax/chars.hpp"
#include "sip/syntax/host.hpp"

namespace passerelle::sip {

std::optional<std::string> find_param(const std::vector<generic_param>& ps,
                                      std::string_view name) {
  for (const auto& p : ps)
    if (iequals(p.name, name))
      return p.value;
  return std::nullopt;
}

result<std::vector<generic_param>> parse_generic_params(scanner& in) {
  std::vector<generic_param> out;
  while (in.eat_separator(';')) {
    generic_param p;
    p.name = std::string(in.take_token());
    if (p.name.empty())
      return syntax_error::bad_param;
    if (in.eat_separator('=')) {
      p.has_value = true;
      if (in.peek() == '"') {
        auto q = in.take_quoted();
        if (!q)
          return q.error();
        p.value = std::move(*q);
        p.quoted = true;
      } else {
        // token, or host (which adds ':' '[' ']' for IPv6 references).
        auto v = in.take_while(
            [](char c) { return chars::token(c) || chars::in(c, ":[]"); });
        if (v.empty())
          return syntax_error::bad_param;
        p.value = std::string(v);
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

void append_params(std::string& out, const std::vector<generic_param>& ps) {
  for (const auto& p : ps) {
    out.push_back(';');
    out += p.name;
    if (!p.has_value)
      continue;
    out.push_back('=');
    out += p.quoted ? quote(p.value) : p.value;
  }
}

} // namespace passerelle::sip
