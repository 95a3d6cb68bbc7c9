#include "sip/syntax/params.hpp"

#include "sip/syntax/chars.hpp"
#include "sip/syntax/host.hpp"

namespace passerelle::sip {

const generic_param* param_named(const std::vector<generic_param>& ps,
                                 std::string_view name) noexcept {
  for (const auto& p : ps)
    if (iequals(p.name, name))
      return &p;
  return nullptr;
}

std::optional<std::string> find_param(const std::vector<generic_param>& ps,
                                      std::string_view name) {
  const auto* p = param_named(ps, name);
  return p ? std::optional{p->value} : std::nullopt;
}

result<std::vector<generic_param>> parse_generic_params(scanner& in) {
  std::vector<generic_param> out;
  // At most one parameter per ';' (Via has two or three): one allocation.
  out.reserve(occurrences(in.rest(), ';'));
  while (in.eat_separator(';')) {
    auto name = in.take_token();
    if (name.empty())
      return syntax_error::bad_param;
    auto& p = out.emplace_back();
    p.name = name;
    if (!in.eat_separator('='))
      continue;
    p.has_value = true;
    if (in.peek() == '"') {
      auto q = in.take_quoted();
      if (!q)
        return q.error();
      p.value = std::move(*q);
      p.quoted = true;
      continue;
    }
    // token, or host (which adds ':' '[' ']' for IPv6 references).
    auto v = in.take_while([](char c) {
      return chars::is(c, chars::alpha_bit | chars::digit_bit |
                              chars::token_extra_bit |
                              chars::host_value_extra_bit);
    });
    if (v.empty())
      return syntax_error::bad_param;
    p.value = v;
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
