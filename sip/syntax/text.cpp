#include "sip/syntax/text.hpp"

#include "sip/syntax/chars.hpp"

#include <algorithm>

namespace passerelle::sip {

namespace {

int hex_value(char c) noexcept {
  if (chars::digit(c))
    return c - '0';
  return ascii_lower(c) - 'a' + 10;
}

// What qdtext cannot hold but a quoted-pair can (RFC 3261 25.1): '"', '\\'
// and the controls other than HTAB, CR and LF (no quoted-pair holds CR or
// LF; a parsed value never has them).
bool needs_quoted_pair(char c) noexcept {
  return chars::is(c, chars::quoted_stop_bit) && c != '\r' && c != '\n';
}

bool is_fold_at(std::string_view s, std::size_t i) noexcept {
  return i + 2 < s.size() && s[i] == '\r' && s[i + 1] == '\n' &&
         chars::wsp(s[i + 2]);
}

} // namespace

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = ascii_lower(c);
  return out;
}

std::string_view trim(std::string_view s) noexcept {
  std::size_t begin = 0;
  auto end = s.size();
  while (begin < end && chars::is(s[begin], chars::blank_bit))
    ++begin;
  while (end > begin && chars::is(s[end - 1], chars::blank_bit))
    --end;
  return {s.data() + begin, end - begin};
}

std::string unfold(std::string_view s) {
  // Almost no header is folded: copy those once.
  if (s.find('\r') == std::string_view::npos)
    return std::string(trim(s));
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_fold_at(s, i)) {
      // The whole fold, *WSP CRLF 1*WSP, becomes one SP.
      while (!out.empty() && chars::wsp(out.back()))
        out.pop_back();
      out.push_back(' ');
      i += 2;
      while (i + 1 < s.size() && chars::wsp(s[i + 1]))
        ++i;
      continue;
    }
    out.push_back(s[i]);
  }
  return std::string(trim(out));
}

std::string_view first_list_element(std::string_view s) {
  std::string_view first;
  for_each_list_element(s, [&first](std::string_view e) {
    first = e;
    return false;
  });
  return first;
}

std::vector<std::string_view> split_list(std::string_view s) {
  std::vector<std::string_view> out;
  for_each_list_element(s, [&out](std::string_view item) {
    out.push_back(item);
    return true;
  });
  return out;
}

std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && chars::hex(s[i + 1]) &&
        chars::hex(s[i + 2])) {
      out.push_back(
          static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

bool valid_escapes(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%')
      continue;
    if (i + 2 >= s.size() || !chars::hex(s[i + 1]) || !chars::hex(s[i + 2]))
      return false;
    i += 2;
  }
  return true;
}

bool iequals_unescaped(std::string_view text, std::string_view plain) {
  if (text.find('%') == std::string_view::npos)
    return iequals(text, plain);
  return iequals(unescape(text), plain);
}

std::string quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  if (!std::any_of(s.begin(), s.end(), needs_quoted_pair)) {
    // Nothing to escape (nonces, realms): copy it whole.
    out.push_back('"');
    out.append(s);
    out.push_back('"');
    return out;
  }
  out.push_back('"');
  for (char c : s) {
    if (needs_quoted_pair(c))
      out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

result<std::uint64_t> parse_decimal(std::string_view s, std::uint64_t max) {
  if (s.empty())
    return syntax_error::bad_number;
  // Leading zeros are legal, so bound the value, not the digit count:
  // value * 10 + d > max exactly when one of these holds.
  const auto limit = max / 10;
  const auto last_digit = max % 10;
  std::uint64_t value = 0;
  for (char c : s) {
    if (!chars::digit(c))
      return syntax_error::bad_number;
    auto d = static_cast<std::uint64_t>(c - '0');
    if (value > limit || (value == limit && d > last_digit))
      return syntax_error::out_of_range;
    value = value * 10 + d;
  }
  return value;
}

bool scanner::skip_lws_here() noexcept {
  auto start = pos_;
  while (pos_ < text_.size()) {
    if (chars::wsp(text_[pos_]))
      ++pos_;
    else if (is_fold_at(text_, pos_))
      pos_ += 3;
    else
      break;
  }
  return pos_ != start;
}

result<std::string> scanner::take_quoted() {
  std::string scratch;
  auto content = take_quoted(scratch);
  if (!content)
    return content.error();
  return std::string(*content);
}

result<std::string_view> scanner::take_quoted(std::string& scratch) {
  // quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE
  if (!eat('"'))
    return syntax_error::bad_quoted_string;
  // Most quoted strings hold plain qdtext only: return those as they are.
  // On anything else, unquote_into starts over and decides.
  auto i = pos_;
  while (i < text_.size() && !chars::is(text_[i], chars::quoted_stop_bit))
    ++i;
  if (i < text_.size() && text_[i] == '"') {
    auto content = text_.substr(pos_, i - pos_);
    pos_ = i + 1;
    return content;
  }
  scratch.clear();
  if (auto error = unquote_into(scratch))
    return *error;
  return std::string_view{scratch};
}

std::optional<syntax_error> scanner::unquote_into(std::string& out) {
  while (!done()) {
    char c = text_[pos_++];
    if (c == '"')
      return std::nullopt;
    if (c == '\\') {
      // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
      if (done())
        break;
      char q = text_[pos_++];
      if (q == '\r' || q == '\n' || chars::non_ascii(q))
        return syntax_error::bad_quoted_string;
      out.push_back(q);
      continue;
    }
    if (c == '\r') {
      // Only a line fold may appear inside: qdtext includes LWS.
      if (!is_fold_at(text_, pos_ - 1))
        return syntax_error::bad_quoted_string;
      ++pos_;
      out.push_back(' ');
      continue;
    }
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t')
      return syntax_error::bad_quoted_string;
    if (u == 0x7f)
      return syntax_error::bad_quoted_string;
    out.push_back(c);
  }
  return syntax_error::bad_quoted_string;
}

} // namespace passerelle::sip
