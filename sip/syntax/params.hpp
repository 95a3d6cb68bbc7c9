#pragma once

#include "sip/syntax/result.hpp"
#include "sip/syntax/text.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::sip {

/// A header parameter: `name [= value]` after a ';' (RFC 3261 25.1
/// generic-param). A quoted value is stored unquoted with `quoted` set.
struct generic_param {
  std::string name;
  std::string value;
  bool has_value = false;
  bool quoted = false;
};

/// Returns the first parameter named `name` (case-insensitive), or null.
const generic_param* param_named(const std::vector<generic_param>& ps,
                                 std::string_view name) noexcept;

/// Returns the value of the parameter named `name` (case-insensitive), ""
/// when it has no value, or nothing when absent.
std::optional<std::string> find_param(const std::vector<generic_param>& ps,
                                      std::string_view name);

/// Parses `*( SEMI generic-param )` from `in`, stopping at the end or at
/// the first character that cannot continue the list. Empty parameters
/// (";;") are errors. gen-value = token / host / quoted-string.
result<std::vector<generic_param>> parse_generic_params(scanner& in);

/// Appends `;name[=value]` for each parameter, quoting quoted values.
void append_params(std::string& out, const std::vector<generic_param>& ps);

} // namespace passerelle::sip
