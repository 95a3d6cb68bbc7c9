#pragma once

#include "sip/auth/challenge.hpp"
#include "sip/auth/digest.hpp"
#include "sip/auth/nonce.hpp"
#include "sip/auth/nonce_counter.hpp"
#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/message.hpp"
#include "sip/syntax/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace passerelle::sip::auth {

/// The outcome of checking Digest credentials.
enum class auth_outcome {
  ok,        ///< Correct answer to a live nonce with a new count.
  wrong,     ///< Wrong response, user, realm or opaque: a failure.
  stale,     ///< Correct answer, but the nonce is old or not ours: challenge
             ///< again with `stale=true` (RFC 7616 3.3); not a failure.
  replay,    ///< Correct answer with a nonce-count already used.
  malformed, ///< Parameters missing, unsupported or inconsistent: 400.
};

/// Returns a lowercase name of an outcome, for logs.
std::string_view to_string(auth_outcome o) noexcept;

/// The HA1 values stored for an account (never the password).
struct account_ha1 {
  std::string username;
  std::string realm;
  std::string md5;    ///< Lowercase hex.
  std::string sha256; ///< Lowercase hex.
};

/// What a check reads of an account: its username and HA1 values
/// (lowercase hex), wherever they are kept. Views: the account must
/// outlive it.
struct ha1_view {
  ha1_view(std::string_view user, std::string_view md5_hex,
           std::string_view sha256_hex) noexcept
      : username(user), md5(md5_hex), sha256(sha256_hex) {}
  // NOLINTNEXTLINE(google-explicit-constructor): an account is its view.
  ha1_view(const account_ha1& a) noexcept
      : ha1_view(a.username, a.md5, a.sha256) {}

  std::string_view username;
  std::string_view md5;
  std::string_view sha256;
};

/// Returns a stand-in account for a username that does not exist: HA1
/// values are HMAC(secret, username) so that an unknown user goes through
/// the same computation and gets the same answer as a wrong password
/// (PROTOCOLS.md 9). Nobody knows a password that matches them.
account_ha1 decoy_account(std::string_view secret, std::string_view username,
                          std::string_view realm);

/// What the request says the credentials are for.
struct digest_context {
  std::string_view method;      ///< The request method (CSeq method).
  std::string_view request_uri; ///< As in the Request-Line.
  std::string_view realm;       ///< Our realm.
  /// The opaque we sent, if any; then it must come back unchanged.
  std::optional<std::string_view> opaque;
};

/// The result of `verify`, with what a log line needs.
struct verification {
  auth_outcome outcome = auth_outcome::malformed;
  std::optional<digest_algorithm> algorithm;
  /// Why it failed, in a few words ("uri mismatch"); empty when ok.
  std::string_view detail;
};

/// Credentials found in a request: the request's kept parse of its first
/// Authorization, not copied (the request must outlive this), or the
/// parse of a later field, owned. Reads like a `std::optional`.
class found_credentials {
public:
  /// None found.
  found_credentials() = default;
  explicit found_credentials(const auth_value& kept) noexcept : kept_(&kept) {}
  explicit found_credentials(auth_value&& parsed) : own_(std::move(parsed)) {}

  bool has_value() const noexcept { return kept_ != nullptr || own_; }
  explicit operator bool() const noexcept { return has_value(); }
  const auth_value& operator*() const noexcept { return own_ ? *own_ : *kept_; }
  const auth_value* operator->() const noexcept { return &**this; }

private:
  const auth_value* kept_ = nullptr;
  std::optional<auth_value> own_;
};

/// Finds the Digest credentials for `realm` in the Authorization (or
/// Proxy-Authorization) headers of a request. Nothing when there are none
/// for this realm (challenge then); an error when one does not parse.
result<found_credentials> find_credentials(const message& request,
                                           challenge_kind kind,
                                           std::string_view realm);

/// Checks the shape of credentials and the response against an account,
/// without looking at the nonce's age or count: ok, wrong or malformed.
verification check_response(const auth_value& creds, const digest_context& ctx,
                            const ha1_view& account);

/// Checks credentials fully (RFC 3261 22.4, RFC 7616 3.4): shape, uri,
/// response, then the nonce and its count. On `ok` the count is recorded
/// in `counter`. Pass `decoy_account` for an unknown user.
verification verify(const auth_value& creds, const digest_context& ctx,
                    const ha1_view& account, const nonce_issuer& issuer,
                    nonce_counter& counter, time_point now);

} // namespace passerelle::sip::auth
