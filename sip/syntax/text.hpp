#pragma once

#include "sip/syntax/chars.hpp"
#include "sip/syntax/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Text primitives shared by the SIP parsers: case-insensitive comparison,
// LWS handling, quoted strings, %-escapes and bounded decimal numbers.
namespace passerelle::sip {

/// Returns `c` with an ASCII capital lowered.
constexpr char ascii_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Returns whether `a` and `b` are equal ignoring ASCII case. Inline: the
/// parsers call it for every header name and parameter they look up.
inline bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i] && ascii_lower(a[i]) != ascii_lower(b[i]))
      return false;
  return true;
}

/// Returns how many times `c` occurs in `s`: a bound on the parameters a
/// list separated by `c` holds, to reserve for them. Inline, and by find
/// (memchr): faster than a count of every byte for the few separators.
inline std::size_t occurrences(std::string_view s, char c) noexcept {
  std::size_t n = 0;
  for (auto at = s.find(c); at != std::string_view::npos;
       at = s.find(c, at + 1))
    ++n;
  return n;
}

/// Returns `s` with ASCII letters lowered.
std::string to_lower(std::string_view s);

/// Returns `s` without leading and trailing SP, HTAB, CR and LF.
std::string_view trim(std::string_view s) noexcept;

/// Returns `s` with each line fold (`*WSP CRLF 1*WSP`) replaced by one SP,
/// then trimmed (RFC 3261 7.3.1: folding has the semantics of SP).
std::string unfold(std::string_view s);

/// Returns the first element of `s` as `for_each_list_element` splits it
/// (empty when there is none).
std::string_view first_list_element(std::string_view s);

/// Splits a header value at the commas that separate list elements
/// (RFC 3261 7.3.1): commas inside quoted strings and inside `<...>` do not
/// split. Elements are trimmed; empty elements are kept so that callers can
/// reject them where the grammar forbids them.
std::vector<std::string_view> split_list(std::string_view s);

/// Calls `f` on each element `split_list` would return, in order, without
/// collecting them; stops as soon as `f` returns false. Returns whether
/// every call returned true.
template <class F>
bool for_each_list_element(std::string_view s, F f);

/// Decodes %-escapes (RFC 3261 19.1.2, RFC 2396 2.4.1); a '%' that does not
/// start a valid escape is kept as is.
std::string unescape(std::string_view s);

/// Whether `text`, unescaped, equals `plain` ignoring case; unescapes (a
/// copy) only text that holds a '%'.
bool iequals_unescaped(std::string_view text, std::string_view plain);

/// Returns whether each '%' in `s` starts a valid escape.
bool valid_escapes(std::string_view s) noexcept;

/// Returns `s` as a quoted-string, escaping '"', '\' and the controls
/// qdtext cannot hold as quoted-pairs (RFC 3261 25.1).
std::string quote(std::string_view s);

/// Parses an unsigned decimal number (1*DIGIT, leading zeros allowed) not
/// above `max`; any length is accepted as long as the value fits.
result<std::uint64_t> parse_decimal(std::string_view s, std::uint64_t max);

/// A cursor over header text that understands LWS and quoted strings.
class scanner {
public:
  explicit scanner(std::string_view text) noexcept : text_(text) {
    // nop
  }

  /// Returns whether all input is consumed.
  bool done() const noexcept { return pos_ >= text_.size(); }

  /// Returns the next character, or NUL at the end.
  char peek() const noexcept { return done() ? '\0' : text_[pos_]; }

  /// Consumes `c` if it is next.
  bool eat(char c) noexcept {
    if (done() || text_[pos_] != c)
      return false;
    ++pos_;
    return true;
  }

  /// Skips linear white space, folds included (SWS of RFC 3261 25.1).
  /// Returns whether anything was skipped.
  bool skip_lws() noexcept {
    // Inline for the usual case of nothing to skip; LWS starts with SP,
    // HTAB or the CR of a fold.
    if (done() || !(chars::wsp(text_[pos_]) || text_[pos_] == '\r'))
      return false;
    return skip_lws_here();
  }

  /// Consumes `c`, a punctuation character, with optional LWS around it
  /// (SEMI, COMMA, EQUAL, SLASH and COLON of RFC 3261 25.1).
  bool eat_separator(char c) noexcept {
    if (done())
      return false;
    if (text_[pos_] == c) {
      ++pos_;
      skip_lws();
      return true;
    }
    auto start = pos_;
    if (skip_lws() && eat(c)) {
      skip_lws();
      return true;
    }
    pos_ = start;
    return false;
  }

  /// Consumes the longest run of characters satisfying `pred`.
  template <class Pred>
  std::string_view take_while(Pred pred) noexcept {
    // A local index: stores to pos_ could alias the text (char aliases
    // anything), which would keep the loop from holding it in a register.
    const char* data = text_.data();
    auto end = pos_;
    while (end < text_.size() && pred(data[end]))
      ++end;
    std::string_view taken{data + pos_, end - pos_};
    pos_ = end;
    return taken;
  }

  /// Skips `n` characters (or up to the end).
  void skip(std::size_t n) noexcept {
    pos_ = n < text_.size() - pos_ ? pos_ + n : text_.size();
  }

  /// Consumes a token (may be empty).
  std::string_view take_token() noexcept { return take_while(chars::token); }

  /// Consumes a quoted-string and returns its unescaped content.
  result<std::string> take_quoted();

  /// Consumes a quoted-string and returns its unescaped content without
  /// copying: a view of the input when it holds no quoted-pair and no
  /// fold (the usual case), else a view of `scratch`, which receives it.
  result<std::string_view> take_quoted(std::string& scratch);

  /// Returns the unconsumed rest.
  std::string_view rest() const noexcept { return text_.substr(pos_); }

  /// Returns the current offset.
  std::size_t position() const noexcept { return pos_; }

private:
  // Skips LWS from the current position, which holds SP, HTAB or CR.
  bool skip_lws_here() noexcept;

  // Reads the rest of a quoted-string whose opening DQUOTE is consumed,
  // appending its unescaped content to `out`.
  std::optional<syntax_error> unquote_into(std::string& out);

  std::string_view text_;
  std::size_t pos_ = 0;
};

template <class F>
bool for_each_list_element(std::string_view s, F f) {
  constexpr auto npos = std::string_view::npos;
  if (s.find('"') == npos && s.find('<') == npos) {
    // No quotes nor brackets (Via, tokens): each comma splits, and memchr
    // finds them faster than the loop below.
    for (auto comma = s.find(','); comma != npos; comma = s.find(',')) {
      if (!f(trim(s.substr(0, comma))))
        return false;
      s.remove_prefix(comma + 1);
    }
    return f(trim(s));
  }
  bool quoted = false;
  bool angle = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '\\')
        ++i; // quoted-pair: skip the escaped character.
      else if (c == '"')
        quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '<') {
      angle = true;
    } else if (c == '>') {
      angle = false;
    } else if (c == ',' && !angle) {
      if (!f(trim(s.substr(start, i - start))))
        return false;
      start = i + 1;
    }
  }
  return f(trim(s.substr(start < s.size() ? start : s.size())));
}

} // namespace passerelle::sip
