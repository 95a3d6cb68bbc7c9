#pragma once

#include <string_view>

// Character classes of the RFC 3261 section 25.1 grammar.
namespace passerelle::sip::chars {

/// Returns whether `c` is an ASCII letter.
constexpr bool alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Returns whether `c` is an ASCII digit.
constexpr bool digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

/// Returns whether `c` is a letter or digit.
constexpr bool alphanum(char c) noexcept {
  return alpha(c) || digit(c);
}

/// Returns whether `c` is a hexadecimal digit.
constexpr bool hex(char c) noexcept {
  return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// Returns whether `c` is SP or HTAB.
constexpr bool wsp(char c) noexcept {
  return c == ' ' || c == '\t';
}

/// Returns whether `c` is in `set`.
constexpr bool in(char c, std::string_view set) noexcept {
  // A plain loop: with a literal set it unrolls into a few compares where
  // `find` would call memchr for every character tested.
  for (char x : set)
    if (x == c)
      return true;
  return false;
}

/// mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")".
constexpr bool mark(char c) noexcept {
  return in(c, "-_.!~*'()");
}

/// unreserved = alphanum / mark.
constexpr bool unreserved(char c) noexcept {
  return alphanum(c) || mark(c);
}

/// token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" /
/// "'" / "~").
constexpr bool token(char c) noexcept {
  return alphanum(c) || in(c, "-.!%*_+`'~");
}

/// word = 1*(token chars / "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE /
/// "/" / "[" / "]" / "?" / "{" / "}"), used by Call-ID.
constexpr bool word(char c) noexcept {
  return token(c) || in(c, "()<>:\\\"/[]?{}");
}

/// user-unreserved = "&" / "=" / "+" / "$" / "," / ";" / "?" / "/".
constexpr bool user_unreserved(char c) noexcept {
  return in(c, "&=+$,;?/");
}

/// Password characters besides unreserved and escaped.
constexpr bool password_extra(char c) noexcept {
  return in(c, "&=+$,");
}

/// param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$".
constexpr bool param_unreserved(char c) noexcept {
  return in(c, "[]/:&+$");
}

/// hnv-unreserved = "[" / "]" / "/" / "?" / ":" / "+" / "$".
constexpr bool hnv_unreserved(char c) noexcept {
  return in(c, "[]/?:+$");
}

/// reserved = ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / ",".
constexpr bool reserved(char c) noexcept {
  return in(c, ";/?:@&=+$,");
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
