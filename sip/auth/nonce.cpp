#include "sip/auth/nonce.hpp"

#include "sip/auth/digest.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

namespace passerelle::sip::auth {

namespace {

constexpr std::size_t stamp_size = 8;
constexpr std::size_t salt_size = 8;
constexpr std::size_t mac_size = 32;
constexpr std::size_t raw_size = stamp_size + salt_size + mac_size;

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The value of each alphabet character, -1 for the others.
constexpr std::array<std::int8_t, 256> alphabet_values = [] {
  std::array<std::int8_t, 256> out{};
  out.fill(-1);
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    out[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
  return out;
}();

/// A nonce's bytes: timestamp, salt, MAC.
using raw_nonce = std::array<unsigned char, raw_size>;

/// Its base64url length.
constexpr std::size_t encoded_size = (raw_size * 8 + 5) / 6;

void put_u64(unsigned char* out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i)
    out[i] = static_cast<unsigned char>((v >> (56 - 8 * i)) & 0xff);
}

std::uint64_t get_u64(const unsigned char* in) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i)
    v = (v << 8) | in[i];
  return v;
}

std::string_view view(const unsigned char* p, std::size_t n) {
  return {reinterpret_cast<const char*>(p), n};
}

// base64url without padding (RFC 4648 5): nonce characters that need no
// escaping in a quoted-string.
std::string encode(const raw_nonce& bytes) {
  std::string out(encoded_size, '\0');
  std::size_t n = 0;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out[n++] = alphabet[(acc >> bits) & 0x3f];
    }
  }
  if (bits > 0)
    out[n++] = alphabet[(acc << (6 - bits)) & 0x3f];
  return out;
}

// Decodes a nonce of `encoded_size` characters; false unless every one is
// in the alphabet and the leftover bits are zero.
bool decode(std::string_view text, raw_nonce& out) {
  std::size_t n = 0;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    auto pos = alphabet_values[static_cast<unsigned char>(c)];
    if (pos < 0)
      return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = static_cast<unsigned char>((acc >> bits) & 0xff);
    }
  }
  // Leftover bits must be zero, so each byte string has one encoding.
  return bits < 6 && (acc & ((1u << bits) - 1)) == 0;
}

std::int64_t seconds_of(time_point t) {
  using std::chrono::duration_cast;
  return duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

} // namespace

nonce_issuer::nonce_issuer(std::string secret, std::chrono::seconds lifetime)
    : key_(secret), lifetime_(lifetime) {
  // nop
}

std::string nonce_issuer::issue(std::string_view realm, time_point now,
                                std::uint64_t salt) const {
  raw_nonce raw{};
  put_u64(raw.data(), static_cast<std::uint64_t>(seconds_of(now)));
  put_u64(raw.data() + stamp_size, salt);
  auto head = view(raw.data(), stamp_size + salt_size);
  // An OpenSSL failure leaves the MAC zero: no check accepts it.
  std::span<unsigned char, mac_size> tag{raw.data() + head.size(), mac_size};
  if (!key_.mac({head, realm}, tag))
    std::fill(tag.begin(), tag.end(), 0);
  return encode(raw);
}

nonce_check nonce_issuer::check(std::string_view nonce, std::string_view realm,
                                time_point now) const {
  nonce_check out;
  raw_nonce raw{};
  if (nonce.size() != encoded_size || !decode(nonce, raw))
    return out;
  auto head = view(raw.data(), stamp_size + salt_size);
  std::array<unsigned char, mac_size> expected{};
  if (!key_.mac({head, realm}, expected) ||
      !equal_constant_time(view(raw.data() + head.size(), mac_size),
                           view(expected.data(), mac_size)))
    return out;
  auto stamp = static_cast<std::int64_t>(get_u64(raw.data()));
  auto issued = time_point{std::chrono::seconds{stamp}};
  out.issued_at = issued;
  out.salt = get_u64(raw.data() + stamp_size);
  if (issued > now + max_skew)
    return out; // Ours, but from a clock we do not trust: start over.
  out.status =
      now - issued > lifetime_ ? nonce_status::stale : nonce_status::valid;
  return out;
}

} // namespace passerelle::sip::auth
