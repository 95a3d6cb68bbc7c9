// Fuzzes the single-value SIP parsers on arbitrary text: URIs, addresses,
// Contact, Via, credentials, host and port, parameters and the scalar
// headers, plus the digest helpers that read credentials and nonces. What
// the gateway renders from a parsed value must parse again.
#include "fuzz_check.hpp"
#include "sip/auth/digest.hpp"
#include "sip/auth/nonce.hpp"
#include "sip/auth/verify.hpp"
#include "sip/syntax/address.hpp"
#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/header_names.hpp"
#include "sip/syntax/host.hpp"
#include "sip/syntax/params.hpp"
#include "sip/syntax/scalars.hpp"
#include "sip/syntax/text.hpp"
#include "sip/syntax/uri.hpp"
#include "sip/syntax/via.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace passerelle;
using namespace passerelle::sip;

constexpr std::string_view realm = "gw.example";

auth::time_point fixed_now() {
  return auth::time_point{std::chrono::seconds{1700000000}};
}

std::vector<std::string> elements(std::string_view text) {
  std::vector<std::string> out;
  for (auto e : split_list(text))
    out.emplace_back(e);
  return out;
}

void fuzz_uri(std::string_view text) {
  // One parse: parse_uri(text) wraps parse_uri(text, into), so
  // comparing the two could never fail.
  auto u = parse_uri(text);
  if (!u)
    return;
  auto again = parse_uri(to_string(*u));
  fuzz::check(again.has_value(), "a rendered URI does not parse");
  fuzz::check(equivalent(*u, *u), "a URI is not equivalent to itself");
  fuzz::check(equivalent(*u, *again), "a rendered URI changed meaning");
  (void)u->user_unescaped();
  (void)u->param("transport");
}

void fuzz_address(std::string_view text) {
  if (auto a = parse_address(text)) {
    fuzz::check(parse_address(to_string(*a)).has_value(),
                "a rendered address does not parse");
    (void)a->tag();
  }
  if (auto c = parse_contact(text))
    (void)to_string(c->addr);
  contact_list list;
  (void)add_contact(list, text);
  (void)parse_contacts(elements(text));
  (void)parse_qvalue(text);
}

void fuzz_via(std::string_view text) {
  if (auto v = parse_via(text)) {
    fuzz::check(parse_via(to_string(*v)).has_value(),
                "a rendered Via does not parse");
    (void)v->ttl();
    (void)v->rport();
    (void)v->rfc3261_branch();
  }
  (void)parse_vias(elements(text));
}

void fuzz_credentials(const auth_value& creds) {
  auto user = creds.username().value_or("");
  auto decoy = auth::decoy_account("fuzz decoy secret", user, realm);
  auth::digest_context ctx{"REGISTER", "sip:gw.example", realm, std::nullopt};
  static const auth::nonce_issuer issuer{"fuzz nonce secret"};
  auth::nonce_counter counter{16};
  (void)auth::check_response(creds, ctx, decoy);
  (void)auth::verify(creds, ctx, decoy, issuer, counter, fixed_now());
  if (auto n = creds.nonce())
    (void)issuer.check(*n, realm, fixed_now());
}

void fuzz_auth(std::string_view text) {
  auto a = parse_auth(text);
  fuzz::check(is_auth_value(text) == a.has_value(),
              "is_auth_value and parse_auth disagree");
  (void)auth::parse_algorithm(text);
  if (!a)
    return;
  fuzz::check(auth_scheme(text) == a->scheme,
              "auth_scheme differs from the parsed scheme");
  fuzz::check(parse_auth(to_string(*a, true)).has_value(),
              "rendered credentials do not parse");
  fuzz::check(parse_auth(to_string(*a, false)).has_value(),
              "a rendered challenge does not parse");
  (void)a->stale();
  fuzz_credentials(*a);
}

void fuzz_host(std::string_view text) {
  (void)is_ipv4(text);
  (void)is_ipv6(text);
  (void)is_hostname(text);
  (void)is_host(text);
  for (bool lws : {false, true}) {
    std::size_t used = 0;
    if (parse_host_port(text, used, lws))
      fuzz::check(used <= text.size(), "parse_host_port used too much");
  }
  (void)parse_port(text);
}

void fuzz_scalars(std::string_view text) {
  (void)parse_cseq(text);
  (void)parse_max_forwards(text);
  (void)parse_delta_seconds(text);
  (void)parse_content_length(text);
  (void)is_call_id(text);
  (void)parse_date(text);
  if (auto t = parse_media_type(text)) {
    (void)t->covers("application/sdp");
    (void)t->essence();
  }
  (void)parse_option_tags(elements(text));
  (void)canonical_name(lookup_header(text));
}

void fuzz_text(std::string_view text) {
  scanner in{text};
  (void)parse_generic_params(in);
  fuzz::check(in.position() <= text.size(), "the scanner ran past the end");
  scanner quoted{text};
  std::string scratch;
  (void)quoted.take_quoted(scratch);
  (void)unfold(text);
  (void)unescape(text);
  (void)valid_escapes(text);
  (void)trim(text);
  (void)parse_decimal(text, 0xffffffff);
  auto list = split_list(text);
  fuzz::check(!list.empty() && first_list_element(text) == list.front(),
              "first_list_element differs from split_list");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text{reinterpret_cast<const char*>(data), size};
  fuzz_uri(text);
  fuzz_address(text);
  fuzz_via(text);
  fuzz_auth(text);
  fuzz_host(text);
  fuzz_scalars(text);
  fuzz_text(text);
  // Two URIs, one per line: RFC 3261 19.1.4 equality is symmetric.
  if (auto nl = text.find('\n'); nl != std::string_view::npos) {
    auto a = parse_uri(text.substr(0, nl));
    auto b = parse_uri(text.substr(nl + 1));
    if (a && b)
      fuzz::check(equivalent(*a, *b) == equivalent(*b, *a),
                  "URI equality is not symmetric");
  }
  return 0;
}
