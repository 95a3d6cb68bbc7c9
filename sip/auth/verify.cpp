#include "sip/auth/verify.hpp"

#include "sip/syntax/text.hpp"
#include "sip/syntax/uri.hpp"

#include <charconv>

namespace passerelle::sip::auth {

namespace {

verification fail(auth_outcome o, std::string_view detail,
                  std::optional<digest_algorithm> a = std::nullopt) {
  return verification{o, a, detail};
}

std::optional<std::uint32_t> parse_nc(std::string_view text) {
  std::uint32_t v = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), v, 16);
  if (ec != std::errc{} || end != text.data() + text.size() || v == 0)
    return std::nullopt;
  return v;
}

// RFC 2617 3.2.2.5 (kept by RFC 7616 3.4.6): the `uri` must name the
// Request-URI, else 400. Equivalent spellings are accepted.
bool same_uri(std::string_view given, std::string_view request_uri) {
  if (given == request_uri)
    return true;
  auto a = parse_uri(given);
  auto b = parse_uri(request_uri);
  return a && b && equivalent(*a, *b);
}

std::string_view ha1_for(const ha1_view& acc, digest_algorithm a) {
  return a == digest_algorithm::md5 ? acc.md5 : acc.sha256;
}

} // namespace

std::string_view to_string(auth_outcome o) noexcept {
  switch (o) {
  case auth_outcome::ok:
    return "ok";
  case auth_outcome::wrong:
    return "wrong";
  case auth_outcome::stale:
    return "stale";
  case auth_outcome::replay:
    return "replay";
  case auth_outcome::malformed:
    return "malformed";
  }
  return "?";
}

account_ha1 decoy_account(std::string_view secret, std::string_view username,
                          std::string_view realm) {
  std::string input{username};
  input.push_back(':');
  input.append(realm);
  // 64 hex digits from HMAC-SHA256; MD5 takes the first 32 so both look
  // like real HA1 values of their length.
  auto hex = to_hex(hmac_sha256(secret, input));
  return {std::string(username), std::string(realm), hex.substr(0, 32), hex};
}

result<std::optional<auth_value>> find_credentials(const message& request,
                                                   challenge_kind kind,
                                                   std::string_view realm) {
  // RFC 3261 22.3: a request may carry credentials for several realms.
  auto id = credentials_header(kind);
  auto ours = [realm](const auth_value& v) {
    const auto* r = v.find("realm");
    return v.is_digest() && r != nullptr && r->value == realm;
  };
  const auto* first = request.find(id);
  if (first == nullptr)
    return std::optional<auth_value>{};
  // The first Authorization as classify parsed it (kept on the message).
  if (id == header_id::authorization) {
    const auto& v = *request.authorization();
    if (!v)
      return v.error();
    if (ours(*v))
      return std::optional<auth_value>{*v};
    ++first;
  }
  std::string scratch;
  const auto* end = request.headers().data() + request.headers().size();
  for (const auto* field = first; field != end; ++field) {
    if (field->id != id)
      continue;
    auto v = parse_auth(field->value_view(scratch));
    if (!v)
      return v.error();
    if (ours(*v))
      return std::optional<auth_value>{std::move(*v)};
  }
  return std::optional<auth_value>{};
}

namespace {

/// A parameter's value without a copy (`auth_value::get` copies).
std::optional<std::string_view> param(const auth_value& v,
                                      std::string_view name) {
  if (const auto* p = v.find(name))
    return std::string_view{p->value};
  return std::nullopt;
}

} // namespace

verification check_response(const auth_value& creds, const digest_context& ctx,
                            const ha1_view& account) {
  if (!creds.is_digest())
    return fail(auth_outcome::malformed, "not digest");
  auto alg_token = param(creds, "algorithm");
  // RFC 7616 3.4: no algorithm parameter means MD5.
  auto alg = alg_token ? parse_algorithm(*alg_token) : digest_algorithm::md5;
  if (!alg)
    return fail(auth_outcome::malformed, "unsupported algorithm");
  auto userhash = param(creds, "userhash");
  if (userhash && iequals(*userhash, "true"))
    return fail(auth_outcome::malformed, "userhash unsupported", alg);
  auto user = param(creds, "username");
  auto realm = param(creds, "realm");
  auto nonce = param(creds, "nonce");
  auto uri = param(creds, "uri");
  auto response = param(creds, "response");
  if (!user || !realm || !nonce || !uri || !response)
    return fail(auth_outcome::malformed, "missing parameter", alg);
  // We always challenge with qop="auth"; RFC 2069 answers (no qop) would
  // give up the client nonce and the count, so they are refused.
  auto qop = param(creds, "qop");
  auto nc = param(creds, "nc");
  auto cnonce = param(creds, "cnonce");
  if (!qop || !iequals(*qop, "auth") || !nc || !cnonce || cnonce->empty())
    return fail(auth_outcome::malformed, "qop=auth required", alg);
  if (!parse_nc(*nc))
    return fail(auth_outcome::malformed, "bad nonce-count", alg);
  if (response->size() != hex_length(*alg))
    return fail(auth_outcome::malformed, "bad response length", alg);
  if (!same_uri(*uri, ctx.request_uri))
    return fail(auth_outcome::malformed, "uri mismatch", alg);
  if (*realm != ctx.realm)
    return fail(auth_outcome::wrong, "realm mismatch", alg);
  if (*user != account.username)
    return fail(auth_outcome::wrong, "username mismatch", alg);
  if (ctx.opaque && param(creds, "opaque") != *ctx.opaque)
    return fail(auth_outcome::wrong, "opaque mismatch", alg);
  auto ha1 = ha1_for(account, *alg);
  auto expected =
      digest_response({*alg, ha1, *nonce, *nc, *cnonce, ctx.method, *uri});
  bool match = equal_constant_time(to_lower(*response), expected);
  // An empty HA1 would make the answer computable by anyone.
  if (ha1.size() != hex_length(*alg) || !match)
    return fail(auth_outcome::wrong, "response mismatch", alg);
  return verification{auth_outcome::ok, alg, {}};
}

verification verify(const auth_value& creds, const digest_context& ctx,
                    const ha1_view& account, const nonce_issuer& issuer,
                    nonce_counter& counter, time_point now) {
  auto v = check_response(creds, ctx, account);
  if (v.outcome != auth_outcome::ok)
    return v;
  // Only a correct answer earns stale=true (RFC 7616 3.3): the client
  // knows the password and merely needs a new nonce.
  auto nonce = *param(creds, "nonce");
  auto checked = issuer.check(nonce, ctx.realm, now);
  if (checked.status == nonce_status::stale)
    return fail(auth_outcome::stale, "nonce expired", v.algorithm);
  if (checked.status == nonce_status::invalid)
    return fail(auth_outcome::stale, "nonce not ours", v.algorithm);
  auto nc = *parse_nc(*param(creds, "nc"));
  switch (counter.advance(checked.id(), nc, now)) {
  case nc_verdict::fresh:
    return v;
  case nc_verdict::replay:
    return fail(auth_outcome::replay, "nonce-count reused", v.algorithm);
  case nc_verdict::forgotten:
    return fail(auth_outcome::stale, "nonce forgotten", v.algorithm);
  }
  return v;
}

} // namespace passerelle::sip::auth
