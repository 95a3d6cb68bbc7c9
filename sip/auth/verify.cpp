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

result<found_credentials> find_credentials(const message& request,
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
    return found_credentials{};
  // The first Authorization as classify parsed it (kept on the message),
  // handed on as is: a copy of its parameters cost a few allocations.
  if (id == header_id::authorization) {
    const auto& v = *request.authorization();
    if (!v)
      return v.error();
    if (ours(*v))
      return found_credentials{*v};
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
      return found_credentials{std::move(*v)};
  }
  return found_credentials{};
}

namespace {

/// The Digest parameters a check reads, each the first of its name
/// (case-insensitive, as `auth_value::find` finds it), found in one pass.
struct digest_params {
  std::optional<std::string_view> algorithm, userhash, username, realm, nonce,
      uri, response, qop, nc, cnonce, opaque;

  explicit digest_params(const auth_value& v) {
    for (const auto& p : v.params)
      if (auto* slot = slot_for(p.name); slot != nullptr && !*slot)
        *slot = std::string_view{p.value};
  }

private:
  std::optional<std::string_view>* slot_for(std::string_view name) {
    auto is = [name](std::string_view known) { return iequals(name, known); };
    switch (name.size()) {
    case 2:
      return is("nc") ? &nc : nullptr;
    case 3:
      return is("uri") ? &uri : is("qop") ? &qop : nullptr;
    case 5:
      return is("realm") ? &realm : is("nonce") ? &nonce : nullptr;
    case 6:
      return is("cnonce") ? &cnonce : is("opaque") ? &opaque : nullptr;
    case 8:
      return is("username")   ? &username
             : is("response") ? &response
             : is("userhash") ? &userhash
                              : nullptr;
    case 9:
      return is("algorithm") ? &algorithm : nullptr;
    default:
      return nullptr;
    }
  }
};

// Returns whether `response` (of the expected length) lower-cased equals
// `expected`, in constant time.
bool same_response(std::string_view response, std::string_view expected) {
  char lowered[max_hex_length];
  if (response.size() > sizeof lowered)
    return false;
  for (std::size_t i = 0; i < response.size(); ++i)
    lowered[i] = ascii_lower(response[i]);
  return equal_constant_time({lowered, response.size()}, expected);
}

verification check_digest(const auth_value& creds, const digest_params& p,
                          const digest_context& ctx, const ha1_view& account) {
  if (!creds.is_digest())
    return fail(auth_outcome::malformed, "not digest");
  // RFC 7616 3.4: no algorithm parameter means MD5.
  auto alg =
      p.algorithm ? parse_algorithm(*p.algorithm) : digest_algorithm::md5;
  if (!alg)
    return fail(auth_outcome::malformed, "unsupported algorithm");
  if (p.userhash && iequals(*p.userhash, "true"))
    return fail(auth_outcome::malformed, "userhash unsupported", alg);
  if (!p.username || !p.realm || !p.nonce || !p.uri || !p.response)
    return fail(auth_outcome::malformed, "missing parameter", alg);
  // We always challenge with qop="auth"; RFC 2069 answers (no qop) would
  // give up the client nonce and the count, so they are refused.
  if (!p.qop || !iequals(*p.qop, "auth") || !p.nc || !p.cnonce ||
      p.cnonce->empty())
    return fail(auth_outcome::malformed, "qop=auth required", alg);
  if (!parse_nc(*p.nc))
    return fail(auth_outcome::malformed, "bad nonce-count", alg);
  if (p.response->size() != hex_length(*alg))
    return fail(auth_outcome::malformed, "bad response length", alg);
  if (!same_uri(*p.uri, ctx.request_uri))
    return fail(auth_outcome::malformed, "uri mismatch", alg);
  if (*p.realm != ctx.realm)
    return fail(auth_outcome::wrong, "realm mismatch", alg);
  if (*p.username != account.username)
    return fail(auth_outcome::wrong, "username mismatch", alg);
  if (ctx.opaque && p.opaque != *ctx.opaque)
    return fail(auth_outcome::wrong, "opaque mismatch", alg);
  auto ha1 = ha1_for(account, *alg);
  char expected[max_hex_length];
  auto n = digest_response(
      {*alg, ha1, *p.nonce, *p.nc, *p.cnonce, ctx.method, *p.uri}, expected);
  bool match = same_response(*p.response, {expected, n});
  // An empty HA1 would make the answer computable by anyone.
  if (ha1.size() != hex_length(*alg) || !match)
    return fail(auth_outcome::wrong, "response mismatch", alg);
  return verification{auth_outcome::ok, alg, {}};
}

} // namespace

verification check_response(const auth_value& creds, const digest_context& ctx,
                            const ha1_view& account) {
  return check_digest(creds, digest_params{creds}, ctx, account);
}

verification verify(const auth_value& creds, const digest_context& ctx,
                    const ha1_view& account, const nonce_issuer& issuer,
                    nonce_counter& counter, time_point now) {
  digest_params p{creds};
  auto v = check_digest(creds, p, ctx, account);
  if (v.outcome != auth_outcome::ok)
    return v;
  // Only a correct answer earns stale=true (RFC 7616 3.3): the client
  // knows the password and merely needs a new nonce.
  auto checked = issuer.check(*p.nonce, ctx.realm, now);
  if (checked.status == nonce_status::stale)
    return fail(auth_outcome::stale, "nonce expired", v.algorithm);
  if (checked.status == nonce_status::invalid)
    return fail(auth_outcome::stale, "nonce not ours", v.algorithm);
  auto nc = *parse_nc(*p.nc);
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
