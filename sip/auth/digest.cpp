#include "sip/auth/digest.hpp"

#include "sip/syntax/text.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace passerelle::sip::auth {

namespace {

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(digits[bytes[i] >> 4]);
    out.push_back(digits[bytes[i] & 0xf]);
  }
  return out;
}

std::string join_colon(std::initializer_list<std::string_view> parts) {
  std::string out;
  bool first = true;
  for (auto p : parts) {
    if (!first)
      out.push_back(':');
    first = false;
    out.append(p);
  }
  return out;
}

} // namespace

std::string_view to_string(digest_algorithm a) noexcept {
  return a == digest_algorithm::md5 ? "MD5" : "SHA-256";
}

std::optional<digest_algorithm> parse_algorithm(std::string_view token) {
  if (iequals(token, "MD5"))
    return digest_algorithm::md5;
  if (iequals(token, "SHA-256"))
    return digest_algorithm::sha256;
  return std::nullopt;
}

std::size_t hex_length(digest_algorithm a) noexcept {
  return a == digest_algorithm::md5 ? 32 : 64;
}

std::string hash_hex(digest_algorithm a, std::string_view data) {
  const EVP_MD* md = a == digest_algorithm::md5 ? EVP_md5() : EVP_sha256();
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1)
    return {};
  return to_hex(out, len);
}

std::string digest_ha1(digest_algorithm a, std::string_view username,
                       std::string_view realm, std::string_view password) {
  return hash_hex(a, join_colon({username, realm, password}));
}

std::string digest_response(const response_input& in) {
  // RFC 7616 3.4.1: qop=auth, so A2 = Method ":" request-uri.
  auto ha2 = hash_hex(in.algorithm, join_colon({in.method, in.uri}));
  return hash_hex(in.algorithm, join_colon({in.ha1, in.nonce, in.nc, in.cnonce,
                                            "auth", ha2}));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // OpenSSL reads a null key as "reuse the last one": never pass one.
  static const char no_key = 0;
  const void* k = key.empty() ? &no_key : key.data();
  auto* ok = HMAC(EVP_sha256(), k, static_cast<int>(key.size()),
                  reinterpret_cast<const unsigned char*>(data.data()),
                  data.size(), out, &len);
  if (ok == nullptr)
    return {};
  return std::string(reinterpret_cast<const char*>(out), len);
}

bool equal_constant_time(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace passerelle::sip::auth
