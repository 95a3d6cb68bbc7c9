#pragma once

#include "sip/auth/digest.hpp"
#include "sip/syntax/builder.hpp"
#include "sip/syntax/message.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passerelle::sip::auth {

/// Who asks for credentials: the registrar or UAS (401, WWW-Authenticate,
/// Authorization) or a proxy (407, Proxy-Authenticate,
/// Proxy-Authorization), RFC 3261 22.2 and 22.3.
enum class challenge_kind { origin, proxy };

/// Returns 401 or 407.
int status_of(challenge_kind k) noexcept;

/// Returns the header carrying the challenge.
header_id challenge_header(challenge_kind k) noexcept;

/// Returns the header carrying the credentials.
header_id credentials_header(challenge_kind k) noexcept;

/// What one challenge says.
struct challenge_params {
  std::string realm;
  std::string nonce;
  std::optional<std::string> opaque;
  /// The last request had a correct answer to an old nonce: retry without
  /// asking the user (RFC 7616 3.3).
  bool stale = false;
};

/// Returns one challenge value: `Digest realm="..", nonce="..",
/// [opaque="..",] algorithm=.., qop="auth"[, stale=true]`.
std::string challenge_value(const challenge_params& p, digest_algorithm a);

/// Returns the challenges to send, in order of preference: SHA-256 first,
/// MD5 last, always with qop=auth (RFC 8760 2.3, PROTOCOLS.md 9).
std::vector<std::string> challenge(const challenge_params& p);

/// Starts a 401 or 407 answer to `request` carrying both challenges.
message_builder make_challenge_response(const message& request,
                                        challenge_kind kind,
                                        const challenge_params& p,
                                        std::string_view to_tag = {});

} // namespace passerelle::sip::auth
