#include "sip/auth/challenge.hpp"

#include "sip/syntax/auth_params.hpp"

namespace passerelle::sip::auth {

int status_of(challenge_kind k) noexcept {
  return k == challenge_kind::origin ? 401 : 407;
}

header_id challenge_header(challenge_kind k) noexcept {
  return k == challenge_kind::origin ? header_id::www_authenticate
                                     : header_id::proxy_authenticate;
}

header_id credentials_header(challenge_kind k) noexcept {
  return k == challenge_kind::origin ? header_id::authorization
                                     : header_id::proxy_authorization;
}

std::string challenge_value(const challenge_params& p, digest_algorithm a) {
  // RFC 7616 3.3: realm, nonce and opaque quoted, algorithm a token, qop a
  // quoted list; `to_string` applies those forms.
  auth_value v;
  v.scheme = "Digest";
  v.params.push_back({"realm", p.realm, true});
  v.params.push_back({"nonce", p.nonce, true});
  if (p.opaque)
    v.params.push_back({"opaque", *p.opaque, true});
  v.params.push_back({"algorithm", std::string(to_string(a)), false});
  v.params.push_back({"qop", "auth", true});
  if (p.stale)
    v.params.push_back({"stale", "true", false});
  return to_string(v, false);
}

std::vector<std::string> challenge(const challenge_params& p) {
  return {challenge_value(p, digest_algorithm::sha256),
          challenge_value(p, digest_algorithm::md5)};
}

message_builder make_challenge_response(const message& request,
                                        challenge_kind kind,
                                        const challenge_params& p,
                                        std::string_view to_tag) {
  auto b = make_response(request, status_of(kind), {}, to_tag);
  for (const auto& value : challenge(p))
    b.add(challenge_header(kind), value);
  return b;
}

} // namespace passerelle::sip::auth
