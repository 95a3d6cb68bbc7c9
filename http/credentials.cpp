#include "http/credentials.hpp"

#include "sip/auth/digest.hpp"

namespace passerelle::http {

std::string derive_password(std::string_view secret, std::string_view mac,
                            uint32_t generation) {
  // No look-alike characters: admins sometimes type these into a phone.
  static constexpr std::string_view alphabet =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string input{mac};
  input.push_back(':');
  input.append(std::to_string(generation));
  // sip/auth's HMAC reuses fetched digests and a per-thread context:
  // OpenSSL 3's HMAC() fetched SHA-256 and built a MAC context per call,
  // a visible share of every first fetch (BENCHMARKS.md).
  auto digest = sip::auth::hmac_sha256(secret, input);
  std::string out;
  for (size_t i = 0; i < 20 && i < digest.size(); ++i)
    out.push_back(
        alphabet[static_cast<unsigned char>(digest[i]) % alphabet.size()]);
  return out;
}

issued_credentials derive_credentials(std::string_view secret,
                                      const std::string& mac,
                                      const std::string& realm,
                                      uint32_t generation) {
  using sip::auth::digest_algorithm;
  issued_credentials out;
  out.password = derive_password(secret, mac, generation);
  out.stored.username = mac;
  out.stored.realm = realm;
  out.stored.ha1_md5 =
      sip::auth::digest_ha1(digest_algorithm::md5, mac, realm, out.password);
  out.stored.ha1_sha256 =
      sip::auth::digest_ha1(digest_algorithm::sha256, mac, realm, out.password);
  return out;
}

} // namespace passerelle::http
