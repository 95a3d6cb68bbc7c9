#include "sip/auth/nonce.hpp"

#include "sip/auth/digest.hpp"

#include <array>
#include <cstdint>
#include <optional>

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

void put_u64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((v >> shift) & 0xff));
}

std::uint64_t get_u64(std::string_view in) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i)
    v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

// base64url without padding (RFC 4648 5): nonce characters that need no
// escaping in a quoted-string.
std::string encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 5) / 6);
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(alphabet[(acc >> bits) & 0x3f]);
    }
  }
  if (bits > 0)
    out.push_back(alphabet[(acc << (6 - bits)) & 0x3f]);
  return out;
}

std::optional<std::string> decode(std::string_view text) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  out.reserve(text.size() * 6 / 8);
  for (char c : text) {
    auto pos = alphabet_values[static_cast<unsigned char>(c)];
    if (pos < 0)
      return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  // Leftover bits must be zero, so each byte string has one encoding.
  if (bits >= 6 || (acc & ((1u << bits) - 1)) != 0)
    return std::nullopt;
  return out;
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

std::string nonce_issuer::mac(std::string_view stamp_and_salt,
                              std::string_view realm) const {
  return key_.mac({stamp_and_salt, realm});
}

std::string nonce_issuer::issue(std::string_view realm, time_point now,
                                std::uint64_t salt) const {
  std::string raw;
  raw.reserve(raw_size);
  put_u64(raw, static_cast<std::uint64_t>(seconds_of(now)));
  put_u64(raw, salt);
  raw += mac(raw, realm);
  return encode(raw);
}

nonce_check nonce_issuer::check(std::string_view nonce, std::string_view realm,
                                time_point now) const {
  nonce_check out;
  if (nonce.size() != (raw_size * 8 + 5) / 6)
    return out;
  auto raw = decode(nonce);
  if (!raw || raw->size() != raw_size)
    return out;
  std::string_view view{*raw};
  auto head = view.substr(0, stamp_size + salt_size);
  if (!equal_constant_time(view.substr(head.size()), mac(head, realm)))
    return out;
  auto stamp = static_cast<std::int64_t>(get_u64(view));
  auto issued = time_point{std::chrono::seconds{stamp}};
  out.issued_at = issued;
  out.salt = get_u64(view.substr(stamp_size));
  if (issued > now + max_skew)
    return out; // Ours, but from a clock we do not trust: start over.
  out.status =
      now - issued > lifetime_ ? nonce_status::stale : nonce_status::valid;
  return out;
}

} // namespace passerelle::sip::auth
