#include "sip/auth/digest.hpp"

#include "sip/syntax/text.hpp"

#include <algorithm>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace passerelle::sip::auth {

namespace {

/// Writes `bytes` as lowercase hex at `out` (twice as many chars).
void write_hex(const unsigned char* bytes, std::size_t n, char* out) {
  static constexpr char digits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 0xf];
  }
}

} // namespace

std::string to_hex(std::string_view bytes) {
  std::string out(bytes.size() * 2, '\0');
  write_hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
            out.data());
  return out;
}

namespace {

/// The implementations, fetched once: OpenSSL 3 looks `EVP_md5()` and
/// `EVP_sha256()` up again at every use, under a lock, and `HMAC()` also
/// fetches and allocates a MAC context per call.
const EVP_MD* fetched(digest_algorithm a) {
  static EVP_MD* const md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
  return a == digest_algorithm::md5 ? md5 : sha256;
}

/// Hashes the concatenation of `parts` into `out` with one context per
/// thread; returns the digest's length (0 on failure).
unsigned int digest_of(digest_algorithm a,
                       std::initializer_list<std::string_view> parts,
                       unsigned char* out) {
  struct holder {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~holder() { EVP_MD_CTX_free(ctx); }
  };
  thread_local holder h;
  unsigned int len = 0;
  if (h.ctx == nullptr || EVP_DigestInit_ex2(h.ctx, fetched(a), nullptr) != 1)
    return 0;
  for (auto p : parts)
    if (EVP_DigestUpdate(h.ctx, p.data(), p.size()) != 1)
      return 0;
  if (EVP_DigestFinal_ex(h.ctx, out, &len) != 1)
    return 0;
  return len;
}

/// Writes H(concatenation of `parts`) as lowercase hex into `out`;
/// returns its length, 0 on failure.
std::size_t hex_digest(digest_algorithm a,
                       std::initializer_list<std::string_view> parts,
                       std::span<char, max_hex_length> out) {
  unsigned char raw[EVP_MAX_MD_SIZE];
  auto len = digest_of(a, parts, raw);
  if (len == 0 || 2 * len > out.size())
    return 0;
  write_hex(raw, len, out.data());
  return 2 * len;
}

std::string hex_digest(digest_algorithm a,
                       std::initializer_list<std::string_view> parts) {
  char out[max_hex_length];
  auto len = hex_digest(a, parts, out);
  return std::string(out, len);
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
  return hex_digest(a, {data});
}

std::string digest_ha1(digest_algorithm a, std::string_view username,
                       std::string_view realm, std::string_view password) {
  return hex_digest(a, {username, ":", realm, ":", password});
}

std::size_t digest_response(const response_input& in,
                            std::span<char, max_hex_length> out) {
  // RFC 7616 3.4.1: qop=auth, so A2 = Method ":" request-uri.
  char ha2[max_hex_length];
  auto n = hex_digest(in.algorithm, {in.method, ":", in.uri}, ha2);
  return hex_digest(in.algorithm,
                    {in.ha1, ":", in.nonce, ":", in.nc, ":", in.cnonce,
                     ":auth:", std::string_view{ha2, n}},
                    out);
}

std::string digest_response(const response_input& in) {
  char out[max_hex_length];
  auto len = digest_response(in, out);
  return std::string(out, len);
}

namespace {

/// SHA-256's block, the size of HMAC's padded keys.
constexpr std::size_t hmac_block = 64;

/// RFC 2104's key XOR ipad and key XOR opad; false on an OpenSSL failure.
bool pad_key(std::string_view key, unsigned char (&ipad)[hmac_block],
             unsigned char (&opad)[hmac_block]) {
  unsigned char k0[hmac_block] = {};
  if (key.size() > hmac_block) {
    if (digest_of(digest_algorithm::sha256, {key}, k0) == 0)
      return false;
  } else {
    std::copy(key.begin(), key.end(), k0);
  }
  for (std::size_t i = 0; i < hmac_block; ++i) {
    ipad[i] = k0[i] ^ 0x36;
    opad[i] = k0[i] ^ 0x5c;
  }
  return true;
}

} // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) {
  // RFC 2104 over the fetched SHA-256 (see `fetched`).
  constexpr std::size_t block = hmac_block;
  unsigned char ipad[block];
  unsigned char opad[block];
  if (!pad_key(key, ipad, opad))
    return {};
  auto view = [](const unsigned char* p, std::size_t n) {
    return std::string_view{reinterpret_cast<const char*>(p), n};
  };
  unsigned char inner[EVP_MAX_MD_SIZE];
  auto n =
      digest_of(digest_algorithm::sha256, {view(ipad, block), data}, inner);
  unsigned char out[EVP_MAX_MD_SIZE];
  auto len = n == 0 ? 0
                    : digest_of(digest_algorithm::sha256,
                                {view(opad, block), view(inner, n)}, out);
  if (len == 0)
    return {};
  return std::string(reinterpret_cast<const char*>(out), len);
}

/// The hashing contexts after the key XOR ipad and the key XOR opad.
struct hmac_sha256_key::padded {
  EVP_MD_CTX* inner = EVP_MD_CTX_new();
  EVP_MD_CTX* outer = EVP_MD_CTX_new();
  bool ok = false;

  padded() = default;
  padded(const padded&) = delete;
  padded& operator=(const padded&) = delete;
  ~padded() {
    EVP_MD_CTX_free(inner);
    EVP_MD_CTX_free(outer);
  }
};

hmac_sha256_key::hmac_sha256_key(std::string_view key) {
  constexpr std::size_t block = hmac_block;
  auto state = std::make_shared<padded>();
  unsigned char ipad[block];
  unsigned char opad[block];
  bool ok = state->inner != nullptr && state->outer != nullptr &&
            pad_key(key, ipad, opad);
  const auto* md = fetched(digest_algorithm::sha256);
  ok = ok && EVP_DigestInit_ex2(state->inner, md, nullptr) == 1 &&
       EVP_DigestUpdate(state->inner, ipad, block) == 1 &&
       EVP_DigestInit_ex2(state->outer, md, nullptr) == 1 &&
       EVP_DigestUpdate(state->outer, opad, block) == 1;
  state->ok = ok;
  state_ = std::move(state);
}

std::string
hmac_sha256_key::mac(std::initializer_list<std::string_view> parts) const {
  unsigned char out[32];
  if (!mac(parts, out))
    return {};
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

bool hmac_sha256_key::mac(std::initializer_list<std::string_view> parts,
                          std::span<unsigned char, 32> out) const {
  struct holder {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~holder() { EVP_MD_CTX_free(ctx); }
  };
  thread_local holder h;
  if (!state_->ok || h.ctx == nullptr ||
      EVP_MD_CTX_copy_ex(h.ctx, state_->inner) != 1)
    return false;
  for (auto p : parts)
    if (EVP_DigestUpdate(h.ctx, p.data(), p.size()) != 1)
      return false;
  unsigned char inner[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (EVP_DigestFinal_ex(h.ctx, inner, &n) != 1 ||
      EVP_MD_CTX_copy_ex(h.ctx, state_->outer) != 1 ||
      EVP_DigestUpdate(h.ctx, inner, n) != 1)
    return false;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(h.ctx, digest, &len) != 1 || len != out.size())
    return false;
  std::copy(digest, digest + len, out.begin());
  return true;
}

bool equal_constant_time(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() &&
         CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace passerelle::sip::auth
