#include "sip/syntax/header_names.hpp"

#include "sip/syntax/text.hpp"

#include <algorithm>
#include <array>

namespace passerelle::sip {

namespace {

struct header_spec {
  header_id id;
  std::string_view name;
  char compact; // '\0' when the header has no compact form.
  bool list;
  bool single;
};

// RFC 3261 7.3.3 and 20; compact forms o, r, u from RFC 3265 and RFC 3515,
// b from RFC 3892, x from RFC 4028.
constexpr std::array<header_spec, 55> specs{{
    {header_id::accept, "Accept", '\0', true, false},
    {header_id::accept_encoding, "Accept-Encoding", '\0', true, false},
    {header_id::accept_language, "Accept-Language", '\0', true, false},
    {header_id::alert_info, "Alert-Info", '\0', true, false},
    {header_id::allow, "Allow", '\0', true, false},
    {header_id::allow_events, "Allow-Events", 'u', true, false},
    {header_id::authentication_info, "Authentication-Info", '\0', false, true},
    {header_id::authorization, "Authorization", '\0', false, false},
    {header_id::call_id, "Call-ID", 'i', false, true},
    {header_id::call_info, "Call-Info", '\0', true, false},
    {header_id::contact, "Contact", 'm', true, false},
    {header_id::content_disposition, "Content-Disposition", '\0', false, true},
    {header_id::content_encoding, "Content-Encoding", 'e', true, false},
    {header_id::content_language, "Content-Language", '\0', true, false},
    {header_id::content_length, "Content-Length", 'l', false, true},
    {header_id::content_type, "Content-Type", 'c', false, true},
    {header_id::cseq, "CSeq", '\0', false, true},
    {header_id::date, "Date", '\0', false, true},
    {header_id::error_info, "Error-Info", '\0', true, false},
    {header_id::event, "Event", 'o', false, true},
    {header_id::expires, "Expires", '\0', false, true},
    {header_id::from, "From", 'f', false, true},
    {header_id::in_reply_to, "In-Reply-To", '\0', true, false},
    {header_id::max_forwards, "Max-Forwards", '\0', false, true},
    {header_id::min_expires, "Min-Expires", '\0', false, true},
    {header_id::min_se, "Min-SE", '\0', false, true},
    {header_id::mime_version, "MIME-Version", '\0', false, true},
    {header_id::organization, "Organization", '\0', false, true},
    {header_id::path, "Path", '\0', true, false},
    {header_id::priority, "Priority", '\0', false, true},
    {header_id::proxy_authenticate, "Proxy-Authenticate", '\0', false, false},
    {header_id::proxy_authorization, "Proxy-Authorization", '\0', false, false},
    {header_id::proxy_require, "Proxy-Require", '\0', true, false},
    {header_id::rack, "RAck", '\0', false, true},
    {header_id::record_route, "Record-Route", '\0', true, false},
    {header_id::refer_to, "Refer-To", 'r', false, true},
    {header_id::referred_by, "Referred-By", 'b', false, true},
    {header_id::reply_to, "Reply-To", '\0', false, true},
    {header_id::require, "Require", '\0', true, false},
    {header_id::retry_after, "Retry-After", '\0', false, true},
    {header_id::route, "Route", '\0', true, false},
    {header_id::rseq, "RSeq", '\0', false, true},
    {header_id::server, "Server", '\0', false, true},
    {header_id::service_route, "Service-Route", '\0', true, false},
    {header_id::session_expires, "Session-Expires", 'x', false, true},
    {header_id::subject, "Subject", 's', false, true},
    {header_id::subscription_state, "Subscription-State", '\0', false, true},
    {header_id::supported, "Supported", 'k', true, false},
    {header_id::timestamp, "Timestamp", '\0', false, true},
    {header_id::to, "To", 't', false, true},
    {header_id::unsupported, "Unsupported", '\0', true, false},
    {header_id::user_agent, "User-Agent", '\0', false, true},
    {header_id::via, "Via", 'v', true, false},
    {header_id::warning, "Warning", '\0', true, false},
    {header_id::www_authenticate, "WWW-Authenticate", '\0', false, false},
}};

// The table lists the ids in enum order, so an id indexes it directly.
constexpr bool in_id_order() {
  for (std::size_t i = 0; i < specs.size(); ++i)
    if (static_cast<std::size_t>(specs[i].id) != i + 1)
      return false;
  return specs.size() + 1 == header_id_count;
}
static_assert(in_id_order());

const header_spec* find_spec(header_id id) noexcept {
  auto i = static_cast<std::size_t>(id);
  return i == 0 || i > specs.size() ? nullptr : &specs[i - 1];
}

// Full names are found by a hash of their length and two letters, chosen
// so that no two names share a slot (checked below); the one name in the
// slot is then compared. Compact forms index a table by letter.
constexpr std::size_t table_size = 256;

constexpr std::size_t slot_of(std::string_view name) noexcept {
  auto byte = [](char c) { return static_cast<unsigned char>(ascii_lower(c)); };
  return (byte(name[0]) + 20 * name.size() + 9 * byte(name[name.size() / 2])) %
         table_size;
}

// Per slot: one past the index of the spec whose name hashes there, or 0.
constexpr auto by_slot = [] {
  std::array<std::uint8_t, table_size> out{};
  for (std::size_t i = 0; i < specs.size(); ++i)
    out[slot_of(specs[i].name)] = static_cast<std::uint8_t>(i + 1);
  return out;
}();

constexpr bool slots_distinct() {
  std::size_t used = 0;
  for (auto s : by_slot)
    used += s != 0 ? 1 : 0;
  return used == specs.size();
}
static_assert(slots_distinct());

// Per letter: the id of the compact form, or unknown.
constexpr auto by_compact = [] {
  std::array<header_id, 26> out{};
  out.fill(header_id::unknown);
  for (const auto& s : specs)
    if (s.compact != '\0')
      out[static_cast<std::size_t>(s.compact - 'a')] = s.id;
  return out;
}();

constexpr std::size_t longest_name = [] {
  std::size_t n = 0;
  for (const auto& s : specs)
    n = std::max(n, s.name.size());
  return n;
}();

} // namespace

header_id lookup_header(std::string_view name) noexcept {
  if (name.empty() || name.size() > longest_name)
    return header_id::unknown;
  if (name.size() == 1) {
    char c = ascii_lower(name[0]);
    return c >= 'a' && c <= 'z' ? by_compact[static_cast<std::size_t>(c - 'a')]
                                : header_id::unknown;
  }
  auto i = by_slot[slot_of(name)];
  if (i != 0 && iequals(specs[i - 1].name, name))
    return specs[i - 1].id;
  return header_id::unknown;
}

std::string_view canonical_name(header_id id) noexcept {
  auto s = find_spec(id);
  return s ? s->name : std::string_view{};
}

bool is_list_header(header_id id) noexcept {
  auto s = find_spec(id);
  return s && s->list;
}

bool is_single_header(header_id id) noexcept {
  auto s = find_spec(id);
  return s && s->single;
}

} // namespace passerelle::sip
