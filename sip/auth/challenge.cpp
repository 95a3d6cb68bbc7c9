#include "sip/auth/challenge.hpp"

#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/text.hpp"

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
  // quoted list: what `to_string` writes for these parameters, written
  // straight (one per challenge sent).
  std::string out;
  out.reserve(64 + p.realm.size() + p.nonce.size() +
              (p.opaque ? p.opaque->size() + 12 : 0));
  out.append("Digest realm=").append(quote(p.realm));
  out.append(", nonce=").append(quote(p.nonce));
  if (p.opaque)
    out.append(", opaque=").append(quote(*p.opaque));
  out.append(", algorithm=").append(to_string(a));
  out.append(", qop=\"auth\"");
  if (p.stale)
    out.append(", stale=true");
  return out;
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
