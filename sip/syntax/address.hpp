#pragma once

#include "sip/syntax/params.hpp"
#include "sip/syntax/result.hpp"
#include "sip/syntax/uri.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::sip {

/// The value of To, From, Contact, Route, Record-Route, Reply-To and
/// similar headers: `(name-addr / addr-spec) *(SEMI param)` (RFC 3261
/// 20.10, 25.1).
struct address {
  /// The display name: unquoted content of a quoted-string, or the tokens
  /// as written.
  std::optional<std::string> display_name;
  bool quoted_display = false;
  /// Whether the URI was written inside `<...>` (name-addr form).
  bool angle_brackets = false;
  sip::uri uri;
  /// Header parameters after the address (tag, expires, q, lr, ...).
  std::vector<generic_param> params;

  /// Returns the `tag` parameter (RFC 3261 19.3).
  std::optional<std::string> tag() const { return find_param(params, "tag"); }

  /// Returns a header parameter by name (case-insensitive).
  std::optional<std::string> param(std::string_view name) const {
    return find_param(params, name);
  }
};

/// Parses one address. A URI written without `<...>` ends at the first ';'
/// or white space, and may not hold '?' or ',' (RFC 3261 20.10).
result<address> parse_address(std::string_view text);

/// Returns the address as text, name-addr form when it had one or when a
/// display name is present.
std::string to_string(const address& a);

/// One Contact header value (RFC 3261 20.10).
struct contact_entry {
  address addr;
  /// The `expires` parameter, at most 2^32-1 (RFC 3261 10.2.1.1).
  std::optional<std::uint32_t> expires;
  /// The `q` parameter in thousandths (RFC 3261 20.10 qvalue).
  std::optional<std::uint16_t> q;
};

/// All Contact values of a message: either the wildcard `*` alone
/// (RFC 3261 10.2.2) or a list of addresses.
struct contact_list {
  bool wildcard = false;
  std::vector<contact_entry> entries;
};

/// Parses one Contact element other than the wildcard: an address whose
/// `expires` and `q` parameters, when present, must be valid.
result<contact_entry> parse_contact(std::string_view text);

/// Adds one Contact element to `list`: the wildcard `*` sets its flag, any
/// other element must pass `parse_contact`. Returns the error, if any; a
/// wildcard mixed with addresses is for the caller to reject once it has
/// added them all.
std::optional<syntax_error> add_contact(contact_list& list,
                                        std::string_view element);

/// Parses the Contact elements of a message (after comma splitting). An
/// empty element, a wildcard mixed with addresses, a bad `expires` or `q`
/// is an error.
result<contact_list> parse_contacts(const std::vector<std::string>& values);

/// Parses a qvalue into thousandths ("0.33" gives 330).
result<std::uint16_t> parse_qvalue(std::string_view s);

} // namespace passerelle::sip
