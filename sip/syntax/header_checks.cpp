#include "sip/syntax/header_checks.hpp"

#include "sip/syntax/address.hpp"
#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/chars.hpp"
#include "sip/syntax/scalars.hpp"
#include "sip/syntax/via.hpp"

#include <array>

namespace passerelle::sip::detail {

namespace {

bool tokens_ok(const message& m, header_id id) {
  return parse_option_tags(m.list(id)).has_value();
}

// route-param = name-addr *( SEMI rr-param ) (RFC 3261 20.30, 20.34).
bool routes_ok(const message& m, header_id id) {
  for (const auto& v : m.list(id)) {
    auto a = parse_address(v);
    if (!a || !a->angle_brackets)
      return false;
  }
  return true;
}

bool each_value(const message& m, header_id id, auto pred) {
  for (const auto& v : m.values(id))
    if (!pred(v))
      return false;
  return true;
}

bool media_ranges_ok(const message& m) {
  // Accept = "Accept" HCOLON [ accept-range *(COMMA accept-range) ]
  auto items = m.list(header_id::accept);
  if (items.size() == 1 && items.front().empty())
    return true;
  for (const auto& v : items)
    if (!parse_media_type(v))
      return false;
  return true;
}

bool header_ok(const message& m, header_id id) {
  switch (id) {
  case header_id::via:
    return parse_vias(m.list(id)).has_value();
  case header_id::from:
  case header_id::to:
    return each_value(m, id, [](const std::string& v) {
      return parse_address(v).has_value();
    });
  case header_id::call_id:
    return each_value(m, id, is_call_id);
  case header_id::cseq:
    return each_value(
        m, id, [](const std::string& v) { return parse_cseq(v).has_value(); });
  case header_id::max_forwards:
    return each_value(m, id, [](const std::string& v) {
      return parse_max_forwards(v).has_value();
    });
  case header_id::expires:
  case header_id::min_expires:
    return each_value(m, id, [](const std::string& v) {
      return parse_delta_seconds(v).has_value();
    });
  case header_id::contact:
    return parse_contacts(m.list(id)).has_value();
  case header_id::route:
  case header_id::record_route:
    return routes_ok(m, id);
  case header_id::date:
    return each_value(
        m, id, [](const std::string& v) { return parse_date(v).has_value(); });
  case header_id::content_type:
    return each_value(m, id, [](const std::string& v) {
      return parse_media_type(v).has_value();
    });
  case header_id::accept:
    return media_ranges_ok(m);
  case header_id::authorization:
  case header_id::proxy_authorization:
    return each_value(
        m, id, [](const std::string& v) { return parse_auth(v).has_value(); });
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
