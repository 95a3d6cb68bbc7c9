#include "message_reading.hpp"

#include "fuzz_check.hpp"
#include "sip/syntax/address.hpp"
#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/header_checks.hpp"
#include "sip/syntax/text.hpp"
#include "sip/syntax/uri.hpp"
#include "sip/syntax/via.hpp"

#include <string>

namespace passerelle::fuzz {

namespace {

using namespace passerelle::sip;

void read_uri(const uri& u) {
  (void)to_string(u);
  (void)u.user_unescaped();
  (void)u.param("transport");
  (void)u.has_param("lr");
  // RFC 3261 19.1.4 equality is reflexive.
  check(equivalent(u, u), "a URI is not equivalent to itself");
}

void read_address(const result<address>* a) {
  if (a == nullptr || !*a)
    return;
  (void)to_string(**a);
  (void)(*a)->tag();
  (void)(*a)->param("expires");
  read_uri((*a)->uri);
}

void read_via(const result<via>* v) {
  if (v == nullptr || !*v)
    return;
  (void)to_string(**v);
  (void)(*v)->branch();
  (void)(*v)->received();
  (void)(*v)->maddr();
  (void)(*v)->ttl();
  (void)(*v)->has_rport();
  (void)(*v)->rport();
  (void)(*v)->rfc3261_branch();
}

void read_contacts(const result<contact_list>& c) {
  if (!c)
    return;
  for (const auto& e : c->entries) {
    (void)to_string(e.addr);
    read_uri(e.addr.uri);
  }
}

void read_authorization(const message& m) {
  const auto* a = m.authorization();
  auto text = m.value(header_id::authorization);
  check((a == nullptr) == !text, "authorization() and value() disagree");
  if (a == nullptr)
    return;
  check(is_auth_value(*text) == a->has_value(),
        "is_auth_value and parse_auth disagree");
  if (!*a)
    return;
  check(auth_scheme(*text) == (*a)->scheme,
        "auth_scheme differs from the parsed scheme");
  (void)to_string(**a, true);
  (void)(*a)->is_digest();
  (void)(*a)->username();
  (void)(*a)->response();
  (void)(*a)->stale();
}

void read_fields_by_id(const message& m) {
  for (const auto& h : m.headers()) {
    std::string scratch;
    auto copy = h.value();
    check(h.value_view(scratch) == copy, "value_view differs from value");
    // A line without name or colon is kept with an empty name.
    check(h.name.empty() || m.find(h.name) != nullptr,
          "find(name) misses a field");
    check(m.count(h.id) > 0 || h.id == header_id::unknown,
          "count misses a known field");
    if (h.id == header_id::unknown)
      continue;
    check(m.find(h.id) != nullptr, "find(id) misses a known field");
    auto first = m.value(h.id);
    std::string scratch2;
    auto view = m.value_view(h.id, scratch2);
    check(first && view && *view == *first, "value_view(id) differs");
    (void)m.values(h.id);
    (void)m.list(h.id);
  }
}

} // namespace

void read_all_fields(const message& m, std::string_view input) {
  check(m.consumed() <= input.size(), "consumed more than the input");
  check(m.serialize() == m.bytes(), "serialize() differs from bytes()");
  (void)m.status_code();
  (void)m.strict_request_line();
  read_fields_by_id(m);
  read_via(m.top_via());
  read_address(m.from());
  read_address(m.to());
  (void)m.cseq();
  read_contacts(m.contacts());
  read_authorization(m);
  (void)detail::first_malformed_header(m);
  (void)detail::first_missing_header(m);
  (void)detail::first_repeated_header(m);
}

void check_same_parse(const message& a, const message& b) {
  check(a.is_request() == b.is_request(), "rebase: request flag");
  check(a.start_line() == b.start_line(), "rebase: start line");
  check(a.method() == b.method(), "rebase: method");
  check(a.request_uri() == b.request_uri(), "rebase: Request-URI");
  check(a.body() == b.body(), "rebase: body");
  check(a.bytes() == b.bytes(), "rebase: bytes");
  check(a.consumed() == b.consumed(), "rebase: consumed");
  const auto& ha = a.headers();
  const auto& hb = b.headers();
  check(ha.size() == hb.size(), "rebase: field count");
  for (std::size_t i = 0; i < ha.size(); ++i) {
    check(ha[i].id == hb[i].id, "rebase: field id");
    check(ha[i].name == hb[i].name, "rebase: field name");
    check(ha[i].raw_value == hb[i].raw_value, "rebase: field value");
    check(ha[i].line == hb[i].line, "rebase: field line");
  }
  const auto* va = a.top_via();
  const auto* vb = b.top_via();
  check((va == nullptr) == (vb == nullptr), "rebase: top Via presence");
  if (va == nullptr)
    return;
  check(va->has_value() == vb->has_value(), "rebase: top Via parse");
  if (*va)
    check(to_string(**va) == to_string(**vb), "rebase: top Via value");
}

} // namespace passerelle::fuzz
