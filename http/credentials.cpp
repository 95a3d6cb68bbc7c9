#include "http/credentials.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace passerelle::http {

std::string digest_ha1(std::string_view algorithm, std::string_view username,
                       std::string_view realm, std::string_view password) {
  std::string input;
  input.append(username).append(":").append(realm).append(":").append(password);
  const EVP_MD* md = algorithm == "MD5" ? EVP_md5() : EVP_sha256();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(input.data(), input.size(), digest, &len, md, nullptr);
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(digits[digest[i] >> 4]);
    out.push_back(digits[digest[i] & 0xf]);
  }
  return out;
}

std::string derive_password(std::string_view secret, std::string_view mac,
                            uint32_t generation) {
  // No look-alike characters: admins sometimes type these into a phone.
  static constexpr std::string_view alphabet =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string input{mac};
  input.push_back(':');
  input.append(std::to_string(generation));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(),
       digest, &len);
  std::string out;
  for (unsigned int i = 0; i < 20 && i < len; ++i)
    out.push_back(alphabet[digest[i] % alphabet.size()]);
  return out;
}

issued_credentials derive_credentials(std::string_view secret,
                                      const std::string& mac,
                                      const std::string& realm,
                                      uint32_t generation) {
  issued_credentials out;
  out.password = derive_password(secret, mac, generation);
  out.stored.username = mac;
  out.stored.realm = realm;
  out.stored.ha1_md5 = digest_ha1("MD5", mac, realm, out.password);
  out.stored.ha1_sha256 = digest_ha1("SHA-256", mac, realm, out.password);
  return out;
}

} // namespace passerelle::http
