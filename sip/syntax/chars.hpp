#pragma once

#include <array>
#include <cstdint>
#include <string_view>

// Character classes of the RFC 3261 section 25.1 grammar. Each class is a
// bit of one 256-entry table, so testing a character against any union of
// classes is one load and one mask: the parsers run these per byte.
namespace passerelle::sip::chars {

/// Returns whether `c` is in `set`.
constexpr bool in(char c, std::string_view set) noexcept {
  // A plain loop: with a literal set it unrolls into a few compares where
  // `find` would call memchr for every character tested.
  for (char x : set)
    if (x == c)
      return true;
  return false;
}

/// The classes of the table; a mask of several tests for any of them.
enum class_bit : std::uint32_t {
  alpha_bit = 1u << 0,
  digit_bit = 1u << 1,
  hex_bit = 1u << 2,
  wsp_bit = 1u << 3,
  /// SP, HTAB, CR, LF: what `trim` removes.
  blank_bit = 1u << 4,
  /// mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")".
  mark_bit = 1u << 5,
  /// Token characters besides alphanum.
  token_extra_bit = 1u << 6,
  /// Word characters besides token ones.
  word_extra_bit = 1u << 7,
  /// user-unreserved = "&" / "=" / "+" / "$" / "," / ";" / "?" / "/".
  user_unreserved_bit = 1u << 8,
  /// Password characters besides unreserved and escaped.
  password_extra_bit = 1u << 9,
  /// param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$".
  param_unreserved_bit = 1u << 10,
  /// hnv-unreserved = "[" / "]" / "/" / "?" / ":" / "+" / "$".
  hnv_unreserved_bit = 1u << 11,
  reserved_bit = 1u << 12,
  /// "-", ".", "_": hostname characters besides alphanum.
  host_extra_bit = 1u << 13,
  /// "-", "_": domain label characters besides alphanum.
  label_extra_bit = 1u << 14,
  /// "+", "-", ".": scheme characters besides alphanum.
  scheme_extra_bit = 1u << 15,
  /// ":", "[", "]": a host gen-value's characters besides token ones.
  host_value_extra_bit = 1u << 16,
  /// What ends plain qdtext: DQUOTE, "\", controls other than HTAB, DEL.
  quoted_stop_bit = 1u << 17,
};

namespace detail {

constexpr std::array<std::uint32_t, 256> make_table() {
  std::array<std::uint32_t, 256> t{};
  auto add = [&t](std::string_view set, std::uint32_t bit) {
    for (char c : set)
      t[static_cast<unsigned char>(c)] |= bit;
  };
  for (int c = 0; c < 26; ++c) {
    t['a' + c] |= alpha_bit;
    t['A' + c] |= alpha_bit;
  }
  for (int c = '0'; c <= '9'; ++c)
    t[c] |= digit_bit | hex_bit;
  add("abcdefABCDEF", hex_bit);
  add(" \t", wsp_bit);
  add(" \t\r\n", blank_bit);
  add("-_.!~*'()", mark_bit);
  add("-.!%*_+`'~", token_extra_bit);
  add("()<>:\\\"/[]?{}", word_extra_bit);
  add("&=+$,;?/", user_unreserved_bit);
  add("&=+$,", password_extra_bit);
  add("[]/:&+$", param_unreserved_bit);
  add("[]/?:+$", hnv_unreserved_bit);
  add(";/?:@&=+$,", reserved_bit);
  add("-._", host_extra_bit);
  add("-_", label_extra_bit);
  add("+-.", scheme_extra_bit);
  add(":[]", host_value_extra_bit);
  for (int c = 0; c < 0x20; ++c)
    if (c != '\t')
      t[c] |= quoted_stop_bit;
  add("\"\\\x7f", quoted_stop_bit);
  return t;
}

inline constexpr std::array<std::uint32_t, 256> table = make_table();

} // namespace detail

/// Returns whether `c` belongs to any of the classes in `mask`.
constexpr bool is(char c, std::uint32_t mask) noexcept {
  return (detail::table[static_cast<unsigned char>(c)] & mask) != 0;
}

/// Returns whether `c` is an ASCII letter.
constexpr bool alpha(char c) noexcept {
  return is(c, alpha_bit);
}

/// Returns whether `c` is an ASCII digit.
constexpr bool digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

/// Returns whether `c` is a letter or digit.
constexpr bool alphanum(char c) noexcept {
  return is(c, alpha_bit | digit_bit);
}

/// Returns whether `c` is a hexadecimal digit.
constexpr bool hex(char c) noexcept {
  return is(c, hex_bit);
}

/// Returns whether `c` is SP or HTAB.
constexpr bool wsp(char c) noexcept {
  return is(c, wsp_bit);
}

/// The classes of `unreserved = alphanum / mark`.
inline constexpr std::uint32_t unreserved_mask =
    alpha_bit | digit_bit | mark_bit;

/// token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" /
/// "'" / "~").
constexpr bool token(char c) noexcept {
  return is(c, alpha_bit | digit_bit | token_extra_bit);
}

/// word = 1*(token chars / "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE /
/// "/" / "[" / "]" / "?" / "{" / "}"), used by Call-ID.
constexpr bool word(char c) noexcept {
  return is(c, alpha_bit | digit_bit | token_extra_bit | word_extra_bit);
}

/// Returns whether `c` is a byte of a UTF-8 multi-byte sequence.
constexpr bool non_ascii(char c) noexcept {
  return static_cast<unsigned char>(c) >= 0x80;
}

/// Returns whether every character of `s` satisfies `pred` and `s` is not
/// empty.
template <class Pred>
constexpr bool all_of(std::string_view s, Pred pred) noexcept {
  if (s.empty())
    return false;
  for (char c : s)
    if (!pred(c))
      return false;
  return true;
}

/// Returns whether `s` is a non-empty token.
constexpr bool is_token(std::string_view s) noexcept {
  return all_of(s, token);
}

} // namespace passerelle::sip::chars
