#include "sip/syntax/header_checks.hpp"

#include "sip/syntax/address.hpp"
#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/chars.hpp"
#include "sip/syntax/scalars.hpp"
#include "sip/syntax/text.hpp"
#include "sip/syntax/via.hpp"

#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace passerelle::sip::detail {

namespace {

// The checks below read the fields in place: `header_field::value_view`
// instead of `message::values`, `for_each_list_element` instead of
// `message::list`, so that a well-formed message costs no allocation
// beyond what the typed parsers need. Each says the same as the
// list-based form noted beside it.

// Calls `f` on the unfolded value of each field with this id, in order,
// until it returns false.
template <class F>
bool each_value(const message& m, header_id id, F f) {
  const auto& fields = m.headers();
  auto first = m.find(id);
  if (!first)
    return true;
  std::string scratch;
  for (auto i = static_cast<std::size_t>(first - fields.data());
       i < fields.size(); ++i)
    if (fields[i].id == id && !f(fields[i].value_view(scratch)))
      return false;
  return true;
}

// `each_value` whose first value is judged by `first`, the message's kept
// parse of it (which the transaction layer and the registrar read again).
template <class T, class F>
bool kept_then_each_value(const message& m, header_id id,
                          const result<T>* first, F f) {
  if (first == nullptr)
    return true;
  if (!first->has_value())
    return false;
  bool later = false;
  return each_value(m, id, [&](std::string_view v) {
    return std::exchange(later, true) ? f(v) : true;
  });
}

// Calls `f` on each list element of the fields with this id, in the order
// of `message::list`, until it returns false.
template <class F>
bool each_element(const message& m, header_id id, F f) {
  return each_value(m, id, [&f](std::string_view v) {
    return for_each_list_element(v, [&f](std::string_view e) { return f(e); });
  });
}

// parse_option_tags(m.list(id)).has_value()
bool tokens_ok(const message& m, header_id id) {
  return each_element(m, id, [](std::string_view v) {
    return v.empty() || chars::is_token(v);
  });
}

// route-param = name-addr *( SEMI rr-param ) (RFC 3261 20.30, 20.34).
bool routes_ok(const message& m, header_id id) {
  return each_element(m, id, [](std::string_view v) {
    auto a = parse_address(v);
    return a && a->angle_brackets;
  });
}

bool media_ranges_ok(const message& m) {
  // Accept = "Accept" HCOLON [ accept-range *(COMMA accept-range) ]: a
  // single empty element is an empty Accept, any other must parse.
  std::size_t n = 0;
  bool sole_empty = false;
  bool bad = false;
  each_element(m, header_id::accept, [&](std::string_view v) {
    sole_empty = ++n == 1 && v.empty();
    if (!parse_media_type(v))
      bad = true;
    return true;
  });
  return !bad || sole_empty;
}

bool header_ok(const message& m, header_id id) {
  switch (id) {
  case header_id::via: {
    // The first element is the top Via, kept.
    bool later = false;
    return each_element(m, id, [&](std::string_view v) {
      return std::exchange(later, true) ? parse_via(v).has_value()
                                        : m.top_via()->has_value();
    });
  }
  case header_id::from:
  case header_id::to:
    return kept_then_each_value(
        m, id, id == header_id::from ? m.from() : m.to(),
        [](std::string_view v) { return parse_address(v).has_value(); });
  case header_id::call_id:
    return each_value(m, id, is_call_id);
  case header_id::cseq:
    return kept_then_each_value(m, id, m.cseq(), [](std::string_view v) {
      return parse_cseq(v).has_value();
    });
  case header_id::max_forwards:
    return each_value(m, id, [](std::string_view v) {
      return parse_max_forwards(v).has_value();
    });
  case header_id::expires:
  case header_id::min_expires:
    return each_value(m, id, [](std::string_view v) {
      return parse_delta_seconds(v).has_value();
    });
  case header_id::contact:
    return m.contacts().has_value();
  case header_id::route:
  case header_id::record_route:
    return routes_ok(m, id);
  case header_id::date:
    return each_value(
        m, id, [](std::string_view v) { return parse_date(v).has_value(); });
  case header_id::content_type:
    return each_value(m, id, [](std::string_view v) {
      return parse_media_type(v).has_value();
    });
  case header_id::accept:
    return media_ranges_ok(m);
  case header_id::authorization:
    return kept_then_each_value(m, id, m.authorization(), is_auth_value);
  case header_id::proxy_authorization:
    return each_value(m, id, is_auth_value);
  default:
    return tokens_ok(m, id);
  }
}

// Checked in this order so that the reason names the most basic problem.
constexpr std::array<header_id, 21> checked{
    header_id::via,
    header_id::from,
    header_id::to,
    header_id::call_id,
    header_id::cseq,
    header_id::max_forwards,
    header_id::contact,
    header_id::route,
    header_id::record_route,
    header_id::expires,
    header_id::min_expires,
    header_id::date,
    header_id::content_type,
    header_id::accept,
    header_id::authorization,
    header_id::proxy_authorization,
    header_id::require,
    header_id::proxy_require,
    header_id::supported,
    header_id::allow,
    header_id::content_encoding,
};

constexpr std::array<header_id, 5> mandatory{
    header_id::to, header_id::from, header_id::cseq, header_id::call_id,
    header_id::via};

constexpr std::array<header_id, 10> singles{
    header_id::to,           header_id::from,         header_id::call_id,
    header_id::cseq,         header_id::max_forwards, header_id::content_length,
    header_id::content_type, header_id::expires,      header_id::min_expires,
    header_id::date};

} // namespace

std::optional<header_id> first_malformed_header(const message& m) {
  for (auto id : checked)
    if (m.count(id) > 0 && !header_ok(m, id))
      return id;
  return std::nullopt;
}

std::optional<header_id> first_missing_header(const message& m) {
  for (auto id : mandatory)
    if (m.count(id) == 0)
      return id;
  return std::nullopt;
}

std::optional<header_id> first_repeated_header(const message& m) {
  for (auto id : singles)
    if (m.count(id) > 1)
      return id;
  return std::nullopt;
}

} // namespace passerelle::sip::detail
